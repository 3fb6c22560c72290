import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { LookAndFeelService } from './look-and-feel.service.js';
import type { LookAndFeelSettings } from './look-and-feel.settings.js';
import { PageRenderer, type RenderContext } from './page-renderer.js';
import { createNonce, pageSecurityHeaders } from './security-headers.js';

/** Renders a page and sends it with its own CSP nonce and the security headers no template can remove. */
@Injectable()
export class Pages {
  constructor(
    readonly renderer: PageRenderer,
    private readonly lookAndFeel: LookAndFeelService,
  ) {}

  settings(): Promise<LookAndFeelSettings> {
    return this.lookAndFeel.get();
  }

  async send(reply: FastifyReply, status: number, render: (ctx: RenderContext) => Promise<string>): Promise<void> {
    const nonce = createNonce();
    const html = await render({ nonce, settings: await this.lookAndFeel.get() });
    await reply.status(status).headers(pageSecurityHeaders(nonce)).type('text/html; charset=utf-8').send(html);
  }
}
