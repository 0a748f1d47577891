import helmet from '@fastify/helmet';
import type { App } from './server.ts';

/**
 * The page may run scripts from this origin only: no inline script, no eval, no plugins, no framing.
 * Styles allow 'unsafe-inline' because Ant Design writes its component styles as <style> elements at
 * run time (CSS-in-JS) and React sets style attributes; a nonce would need the HTML rendered per
 * request and still leave style attributes. Inline style cannot run code, so the script policy is what
 * guards against XSS. Images and media may be blob: (evidence previews before upload) and data: (icons).
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  mediaSrc: ["'self'", 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

// Powerful browser features the app never uses, switched off for it and anything it might embed.
const PERMISSIONS_POLICY = [
  'accelerometer',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'magnetometer',
  'microphone',
  'payment',
  'usb',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

// Headers that govern a document (what it may load, run, frame or use). On a script or a stylesheet
// they do nothing (the app starts no workers, whose scripts' CSP would count), and a first page load
// fetches some forty of those; nosniff, CORP and, for stylesheets, the referrer policy stay.
const DOCUMENT_ONLY = [
  'content-security-policy',
  'permissions-policy',
  'x-frame-options',
  'cross-origin-opener-policy',
  'origin-agent-cluster',
  'x-xss-protection',
  'x-download-options',
  'x-permitted-cross-domain-policies',
  'x-dns-prefetch-control',
];

/**
 * Security headers on every answer (pages, assets, API): CSP, nosniff, no framing, no referrer, a
 * permissions policy, cross-origin isolation of resources; HSTS only when the request came over TLS
 * (directly or through a trusted proxy), since over plain HTTP it means nothing and on localhost it
 * would pin the browser to https. Routes that set their own CSP (evidence downloads) keep it.
 */
export async function installSecurityHeaders(app: App): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    hsts: false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  app.addHook('onRequest', async (req, reply) => {
    reply.header('permissions-policy', PERMISSIONS_POLICY);
    if (req.protocol === 'https')
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    const type = String(reply.getHeader('content-type') ?? '');
    if (/^(text|application)\/javascript|^text\/css/.test(type))
      for (const h of DOCUMENT_ONLY) reply.removeHeader(h);
    return payload;
  });
}
