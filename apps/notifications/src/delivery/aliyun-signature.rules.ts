import { createHmac } from 'node:crypto';

/**
 * Aliyun's RPC request signature, version 1.0 (HMAC-SHA1), as its signature mechanism documents it:
 * 1. every parameter but `Signature`, sorted by name, each name and value percent-encoded (RFC 3986: only
 *    A–Z a–z 0–9 - _ . ~ left as they are, UTF-8, a space as %20), joined as `name=value` with `&`;
 * 2. StringToSign = METHOD & percentEncode('/') & percentEncode(that canonicalized query);
 * 3. Signature = Base64(HMAC-SHA1(AccessKeySecret + '&', StringToSign)).
 */

/** RFC 3986 percent-encoding as Aliyun signs it (encodeURIComponent leaves ! ' ( ) * unencoded). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function canonicalizedQuery(parameters: Readonly<Record<string, string>>): string {
  return Object.keys(parameters)
    .filter((name) => name !== 'Signature')
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(parameters[name] ?? '')}`)
    .join('&');
}

export function stringToSign(method: 'GET' | 'POST', parameters: Readonly<Record<string, string>>): string {
  return `${method}&${percentEncode('/')}&${percentEncode(canonicalizedQuery(parameters))}`;
}

export function rpcSignature(
  method: 'GET' | 'POST',
  parameters: Readonly<Record<string, string>>,
  accessKeySecret: string,
): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign(method, parameters), 'utf8').digest('base64');
}
