/**
 * HMAC signatures as survey tools compute them, compared in constant time so that a forger
 * learns nothing from how long a wrong guess takes.
 */
import { createHash, createHmac, timingSafeEqual } from 'crypto';

import type { InboundDelivery } from './sources/types';
import { SignatureError } from './sources/types';

export type HmacAlgorithm = 'sha1' | 'sha256' | 'sha512';
export type DigestEncoding = 'base64' | 'hex';

export function hmacDigest(
	algorithm: HmacAlgorithm,
	key: string | Buffer,
	data: string | Buffer,
	encoding: DigestEncoding,
): string {
	return createHmac(algorithm, key).update(data).digest(encoding);
}

/**
 * Constant-time comparison of two signature strings. Both sides are hashed first so that
 * the comparison takes the same time whatever their lengths.
 */
export function signaturesMatch(received: string, expected: string): boolean {
	const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
	return timingSafeEqual(digest(received), digest(expected)) && received.length === expected.length;
}

/** The signature header's value, or a SignatureError naming the header. */
export function signatureHeader(delivery: InboundDelivery, header: string): string {
	const value = delivery.headers[header.toLowerCase()]?.trim();
	if (!value) throw new SignatureError(`The "${header}" header is missing: this delivery is not signed`, header);
	return value;
}

/** The secret to verify with, or a SignatureError saying none is set up. */
export function requireSecret(secret: string | undefined, header: string, where: string): string {
	if (!secret) {
		throw new SignatureError(`No signing secret is set up to check "${header}": ${where}`, header);
	}
	return secret;
}

/** Checks `received` against the HMAC of `data`; throws a SignatureError naming the header if it does not match. */
export function verifyHmac(
	received: string,
	options: { algorithm: HmacAlgorithm; key: string | Buffer; data: string | Buffer; encoding: DigestEncoding; header: string; prefix?: string },
): void {
	const expected = (options.prefix ?? '') + hmacDigest(options.algorithm, options.key, options.data, options.encoding);
	const normalised = options.encoding === 'hex' ? received.toLowerCase() : received;
	if (!signaturesMatch(normalised, expected)) {
		throw new SignatureError(`The "${options.header}" signature does not match this delivery`, options.header);
	}
}
