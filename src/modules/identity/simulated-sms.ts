import { randomUUID } from 'node:crypto';
import { maskPhone } from '../../core/identity/mask.ts';
import type { Db } from '../../platform/db/pool.ts';
import { siteMessage } from '../messages/schema.ts';
import type { SmsSender } from './ports.ts';

export type SimulatedSms = { userId: number; phoneMask: string; code: string; at: Date };

export type SimulatedSmsSender = SmsSender & {
  /** Every code "sent" by this process, newest last (tests read it). */
  readonly outbox: SimulatedSms[];
};

/**
 * The demo's SMS gateway: instead of a text to the phone, the code arrives as a site message (站内信)
 * titled 【模拟短信】, so nobody mistakes it for a real SMS, and in an in-memory outbox for tests. It
 * writes on its own connection: the message exists even if the caller's transaction later fails, as a
 * real SMS would.
 */
export function simulatedSmsSender(db: Db): SimulatedSmsSender {
  const outbox: SimulatedSms[] = [];
  return {
    name: 'simulator',
    outbox,
    async sendCode({ userId, phone, code, ttlMinutes }) {
      const phoneMask = maskPhone(phone);
      await db.insert(siteMessage).values({
        userId,
        kind: 'sms.simulated',
        subject: 'identity',
        titleZh: '【模拟短信】实名认证验证码',
        titleEn: '[Simulated SMS] verification code',
        bodyZh: `【模拟短信】您的实名认证验证码是 ${code}，${ttlMinutes} 分钟内有效，请勿告诉他人。（演示环境不发送真实短信；正式环境中此验证码将发送到手机 ${phoneMask}。）`,
        bodyEn: `[Simulated SMS] Your identity verification code is ${code}, valid for ${ttlMinutes} minutes. Do not share it. (The demo sends no real SMS; in production this code goes to ${phoneMask}.)`,
        link: '/buyer/identity',
      });
      outbox.push({ userId, phoneMask, code, at: new Date() });
      return { providerRef: `SIM-SMS-${randomUUID()}` };
    },
  };
}
