import type pg from 'pg';
import type { BlobStore } from '../platform/blobs/blob-store.ts';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db/pool.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import type { SecretBox } from '../platform/secret-box.ts';
import type { IdentityServices } from './identity/ports.ts';
import type { Channel } from './orders/schema.ts';
import type { TopupSupplier } from './orders/supplier.ts';
import type { DemoBuyer, PaymentChannel } from './payments/channel.ts';
import type { RefundGateway } from './payments/refund-port.ts';

/** What routes and job handlers get: the shared services, built once by the composition root (src/app.ts). */
export type Context = {
  config: Config;
  db: Db;
  pool: pg.Pool;
  jobs: JobQueue;
  box: SecretBox;
  /** Uploaded bytes (evidence files and thumbnails). */
  blobs: BlobStore;
  channels: Record<Channel, PaymentChannel>;
  /** Refunds to the original path (原路退回) through Alipay / WeChat Pay (or the gateway simulator). */
  gateways: Record<'alipay' | 'wechatpay', RefundGateway>;
  /**
   * The demo buyers' side at the gateway simulator (null against real gateways): the demo seed and
   * tests use `payAs` to make several buyers pay from one Alipay / WeChat account.
   */
  demoBuyer: DemoBuyer | null;
  supplier: TopupSupplier;
  /** 实名认证 and 账户记录: the verifier and SMS ports (simulators in the demo) and their own keys. */
  identity: IdentityServices;
  /** The clock, injectable so tests can move time. */
  now: () => Date;
};
