import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { createLogger } from './logger.js';

describe('createLogger', () => {
  const capture = () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) });
    return { logger: createLogger('info', sink), text: () => lines.join('') };
  };

  it('keeps the SQL of a failed query but never its parameters', () => {
    const { logger, text } = capture();
    const failure = new QueryFailedError(
      'UPDATE settings SET value = $1',
      ['{"backdoor":{"key":"topsecret-key-123456"}}'],
      new Error('boom'),
    );
    logger.error({ err: failure }, 'write failed');
    expect(text()).toContain('UPDATE settings SET value');
    expect(text()).not.toContain('topsecret-key-123456');
  });

  it('redacts authorization headers, cookies and secret-looking fields', () => {
    const { logger, text } = capture();
    logger.info(
      {
        req: { headers: { authorization: 'Bearer ses_abc', cookie: 'sesame_session=xyz' } },
        input: { clientSecret: 's3cr3t', password: 'pw' },
      },
      'x',
    );
    for (const secret of ['ses_abc', 'sesame_session=xyz', 's3cr3t', '"pw"']) expect(text()).not.toContain(secret);
  });
});
