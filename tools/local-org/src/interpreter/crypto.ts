/**
 * EncodingUtil (Base64, hex, URL encoding) and Crypto (digests, HMAC, signatures, random values, AES keys and
 * AES encryption with and without a managed IV): built-in classes on node:crypto.
 */
// The interpreter as the built-ins see it: its Engine layer (engine.ts), not interpreter.ts, which installs them.
import * as crypto from 'node:crypto';
import type { Engine as Interpreter } from './engine.js';
import { NOT_HANDLED, type NativeClassDef } from './services.js';
import { ApexBlob } from './values.js';
import { blob, s } from './native-args.js';

export function installCrypto(interp: Interpreter) {
  const reg = (d: NativeClassDef) => interp.registerNative(d);

  reg({
    name: 'EncodingUtil',
    callStatic(m, args) {
      const [a, b] = args;
      switch (m) {
        case 'base64encode':
          return blob(interp, a).toString('base64');
        case 'base64decode': {
          const t = s(interp, a);
          if (!/^[A-Za-z0-9+/=\s_-]*$/.test(t))
            interp.throwApex('System.StringException', 'Unable to convert to base64');
          return new ApexBlob(Buffer.from(t, 'base64'));
        }
        case 'converttohex':
          return blob(interp, a).toString('hex');
        case 'convertfromhex': {
          const t = s(interp, a);
          if (t.length % 2 || !/^[0-9a-fA-F]*$/.test(t))
            interp.throwApex('System.InvalidParameterValueException', 'Invalid hex string');
          return new ApexBlob(Buffer.from(t, 'hex'));
        }
        case 'urlencode':
          void b;
          return encodeURIComponent(s(interp, a))
            .replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
            .replace(/%20/g, '+');
        case 'urldecode':
          try {
            return decodeURIComponent(s(interp, a).replace(/\+/g, ' '));
          } catch {
            return interp.throwApex(
              'System.StringException',
              'URLDecoder: Illegal hex characters in escape (%) pattern',
            );
          }
      }
      return NOT_HANDLED;
    },
  });

  const hashAlg = (alg: string) => {
    const a = alg.toLowerCase().replace(/^hmac/, '');
    const map: Record<string, string> = {
      md5: 'md5',
      sha1: 'sha1',
      sha256: 'sha256',
      sha512: 'sha512',
      'sha-256': 'sha256',
      'sha-512': 'sha512',
      'sha-1': 'sha1',
      sha3_256: 'sha3-256',
    };
    if (!map[a]) interp.throwApex('System.InvalidParameterValueException', `Invalid algorithm: ${alg}`);
    return map[a];
  };
  reg({
    name: 'Crypto',
    callStatic(m, args) {
      const [a, b, c] = args;
      switch (m) {
        case 'generatemac':
          return new ApexBlob(
            crypto
              .createHmac(hashAlg(s(interp, a)), blob(interp, c))
              .update(blob(interp, b))
              .digest(),
          );
        case 'verifyhmac': {
          const mac = crypto
            .createHmac(hashAlg(s(interp, a)), blob(interp, c))
            .update(blob(interp, b))
            .digest();
          const given = blob(interp, args[3]);
          return mac.length === given.length && crypto.timingSafeEqual(mac, given);
        }
        case 'generatedigest':
          return new ApexBlob(
            crypto
              .createHash(hashAlg(s(interp, a)))
              .update(blob(interp, b))
              .digest(),
          );
        case 'getrandominteger':
          return crypto.randomBytes(4).readInt32LE();
        case 'getrandomlong':
          return crypto.randomBytes(8).readBigInt64LE();
        case 'generateaeskey': {
          const bits = a as number;
          if (![128, 192, 256].includes(bits))
            interp.throwApex('System.InvalidParameterValueException', `Invalid key size: ${bits}`);
          return new ApexBlob(crypto.randomBytes(bits / 8));
        }
        case 'encryptwithmanagediv':
        case 'decryptwithmanagediv': {
          const key = blob(interp, b);
          const alg = `aes-${key.length * 8}-cbc`;
          if (m === 'encryptwithmanagediv') {
            const iv = crypto.randomBytes(16);
            const ci = crypto.createCipheriv(alg, key, iv);
            return new ApexBlob(Buffer.concat([iv, ci.update(blob(interp, c)), ci.final()]));
          }
          const data = blob(interp, c);
          const de = crypto.createDecipheriv(alg, key, data.subarray(0, 16));
          return new ApexBlob(Buffer.concat([de.update(data.subarray(16)), de.final()]));
        }
        // Apex Reference › Crypto.encrypt / decrypt: AES128/192/256 in CBC mode with PKCS5 padding, caller's IV
        case 'encrypt':
        case 'decrypt': {
          const key = blob(interp, b);
          const iv = blob(interp, c);
          const wanted = /^AES(128|192|256)$/i.exec(s(interp, a));
          if (!wanted) interp.throwApex('System.InvalidParameterValueException', `Invalid algorithm: ${String(a)}`);
          if (key.length * 8 !== Number(wanted![1]))
            interp.throwApex(
              'System.InvalidParameterValueException',
              `Invalid private key. Must be ${Number(wanted![1]) / 8} bytes.`,
            );
          if (iv.length !== 16)
            interp.throwApex(
              'System.InvalidParameterValueException',
              'Invalid initialization vector. Must be 16 bytes.',
            );
          const alg = `aes-${key.length * 8}-cbc`;
          const f = m === 'encrypt' ? crypto.createCipheriv(alg, key, iv) : crypto.createDecipheriv(alg, key, iv);
          return new ApexBlob(Buffer.concat([f.update(blob(interp, args[3] ?? null)), f.final()]));
        }
        // Apex Reference › Crypto.sign / verify: RSA (PKCS#8 private key, X.509 public key, both DER) and ECDSA
        case 'sign':
        case 'verify': {
          const algo = s(interp, a).toUpperCase();
          const mm = /^(RSA|ECDSA)(?:-SHA(1|256|384|512))?$/.exec(algo);
          if (!mm) interp.throwApex('System.InvalidParameterValueException', `Invalid algorithm: ${String(a)}`);
          const hash = `sha${mm![2] ?? '1'}`;
          try {
            if (m === 'sign') {
              const key = crypto.createPrivateKey({ key: blob(interp, c), format: 'der', type: 'pkcs8' });
              return new ApexBlob(crypto.sign(hash, blob(interp, b), key));
            }
            const key = crypto.createPublicKey({ key: blob(interp, args[3] ?? null), format: 'der', type: 'spki' });
            return crypto.verify(hash, blob(interp, b), key, blob(interp, c));
          } catch (e) {
            if (e instanceof Error && /key|decoder|asn1/i.test(e.message))
              interp.throwApex('System.SecurityException', `Invalid key: ${e.message}`);
            throw e;
          }
        }
      }
      return NOT_HANDLED;
    },
  });
}
