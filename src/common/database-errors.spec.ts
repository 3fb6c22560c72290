import { describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { DatabaseUnavailableError, isDatabaseUnavailable, withDeadline } from './database-errors.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });
const queryFailed = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('isDatabaseUnavailable', () => {
  it.each<[string, unknown, boolean]>([
    ['connection refused', withCode('ECONNREFUSED'), true],
    ['connection reset', withCode('ECONNRESET'), true],
    ['refused on every address (AggregateError)', Object.assign(new AggregateError([withCode('ECONNREFUSED')]), {}), true],
    ['pg: connection terminated', new Error('Connection terminated unexpectedly'), true],
    ['pg: connect timeout', new Error('Connection terminated due to connection timeout'), true],
    ['pg-pool: no free connection in time', new Error('timeout exceeded when trying to connect'), true],
    ['pg: no answer in time', new Error('Query read timeout'), true],
    ['pg: client already broken', new Error('Client has encountered a connection error and is not queryable'), true],
    ['server shutting down (57P01) inside TypeORM', queryFailed(withCode('57P01', 'terminating connection')), true],
    ['statement timeout (57014) inside TypeORM', queryFailed(withCode('57014', 'canceling statement due to statement timeout')), true],
    ['too many connections (53300)', withCode('53300'), true],
    ['connection exception class 08', withCode('08006'), true],
    ['as the cause of another error', new Error('wrapped', { cause: withCode('ECONNREFUSED') }), true],
    ['Sesame’s own deadline', new DatabaseUnavailableError('forward-auth: no answer'), true],
    ['a unique violation is a bug or a conflict, not an outage', queryFailed(withCode('23505')), false],
    ['a syntax error', queryFailed(withCode('42601', 'syntax error')), false],
    ['any other error', new TypeError('x is undefined'), false],
    ['not an error', 'ECONNREFUSED', false],
    ['nothing', undefined, false],
  ])('%s → %s', (_name, error, expected) => {
    expect(isDatabaseUnavailable(error)).toBe(expected);
  });
});

describe('withDeadline', () => {
  it('gives the work’s answer when it comes in time', async () => {
    await expect(withDeadline(Promise.resolve(7), 1000, 'test')).resolves.toBe(7);
  });

  it('gives up with an unavailable-database error when it does not', async () => {
    const never = new Promise<never>(() => undefined);
    const error = await withDeadline(never, 20, 'test').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect(isDatabaseUnavailable(error)).toBe(true);
  });
});
