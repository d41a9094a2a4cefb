/**
 * Key material for sim mode, generated at first start and kept under
 * DATA_DIR/wechat-pay-sim (never in the repo): the merchant's API key pair and
 * certificate serial, the APIv3 key, WeChat Pay's public key (PUB_KEY_ID_…
 * mode) and a platform certificate (certificate mode). Both the simulator and
 * our client read the same files, as a merchant and WeChat would share them.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';

export interface SimPayKeys {
  mchid: string;
  merchantPrivateKey: string;
  merchantPublicKey: string;
  merchantSerial: string;
  apiV3Key: string;
  /** WeChat Pay public key mode */
  wechatPayPublicKeyId: string;
  wechatPayPublicKey: string;
  wechatPayPrivateKey: string;
  /** platform certificate mode */
  platformCertSerial: string;
  platformCertificate: string;
  platformPrivateKey: string;
}

export const SIM_MCHID = '1900000109';

function rsaPair(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

function selfSignedCertificate(privatePem: string, publicPem: string, serialHex: string): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicPem);
  cert.serialNumber = serialHex;
  cert.validity.notBefore = new Date(Date.now() - 86400_000);
  cert.validity.notAfter = new Date(Date.now() + 5 * 365 * 86400_000);
  const attrs = [
    { name: 'commonName', value: 'Tenpay.com Root CA (simulator)' },
    { name: 'organizationName', value: 'HomeClub WeChat Pay simulator' },
    { name: 'countryName', value: 'CN' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.sign(forge.pki.privateKeyFromPem(privatePem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** 40 hex digits, first one 1–7 (a positive DER integer without padding). */
const hexSerial = () => `${(randomBytes(1)[0] % 7) + 1}${randomBytes(20).toString('hex').toUpperCase()}`.slice(0, 40);

export function generateSimPayKeys(): SimPayKeys {
  const merchant = rsaPair();
  const wxpay = rsaPair();
  const platform = rsaPair();
  const platformCertSerial = hexSerial();
  return {
    mchid: SIM_MCHID,
    merchantPrivateKey: merchant.privateKey,
    merchantPublicKey: merchant.publicKey,
    merchantSerial: hexSerial(),
    apiV3Key: randomBytes(24).toString('base64url').slice(0, 32),
    wechatPayPublicKeyId: `PUB_KEY_ID_01${randomBytes(12).toString('hex').toUpperCase()}`,
    wechatPayPublicKey: wxpay.publicKey,
    wechatPayPrivateKey: wxpay.privateKey,
    platformCertSerial,
    platformCertificate: selfSignedCertificate(platform.privateKey, platform.publicKey, platformCertSerial),
    platformPrivateKey: platform.privateKey,
  };
}

/** Load the sim keys from `dir`, creating them on first use. */
export function loadOrCreateSimPayKeys(dir: string): SimPayKeys {
  const file = path.join(dir, 'keys.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as SimPayKeys;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keys = generateSimPayKeys();
  writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}
