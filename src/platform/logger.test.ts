import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

describe('logger redaction', () => {
  it('never writes identity data (实名认证) or request bodies', () => {
    const chunks: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    const log = createLogger('info', { format: 'json', destination });
    log.info(
      {
        req: { method: 'POST', url: '/api/me/identity', body: { idNumber: '330106199001011234' } },
        input: { realName: '张小明', idNumber: '330106199001011234', phone: '13812345678' },
      },
      'request',
    );
    const text = chunks.join('');
    expect(text).toContain('/api/me/identity');
    for (const secret of ['330106199001011234', '张小明', '13812345678']) expect(text).not.toContain(secret);
  });
});
