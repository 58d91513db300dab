/**
 * HMAC signatures as survey tools, helpdesks and SMS gateways compute them, compared in constant
 * time so that a forger learns nothing from how long a wrong guess takes.
 */
import { createHash, createHmac, timingSafeEqual } from 'crypto';

import { SignatureError } from './errors';
import type { InboundDelivery } from './inboundDelivery';

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
	const normalized = options.encoding === 'hex' ? received.toLowerCase() : received;
	if (!signaturesMatch(normalized, expected)) {
		throw new SignatureError(`The "${options.header}" signature does not match this delivery`, options.header);
	}
}

/** What a 401 tells a sender about basic auth, naming the node it authenticates to. */
export const basicAuthChallenge = (realm: string) => `Basic realm="${realm}"`;

/** HTTP basic auth as a sender that signs nothing (Delighted, Jotform) puts it in the webhook URL. */
export function verifyBasicAuth(delivery: InboundDelivery, user: string, password: string, realm = 'n8n'): void {
	const challenge = basicAuthChallenge(realm);
	const header = delivery.headers.authorization ?? '';
	const match = /^basic\s+([a-z0-9+/=]+)\s*$/i.exec(header);
	if (!match) {
		throw new SignatureError('The "Authorization" header with a user name and password is missing', 'Authorization', challenge);
	}
	const given = Buffer.from(match[1], 'base64').toString('utf8');
	if (!signaturesMatch(given, `${user}:${password}`)) {
		throw new SignatureError('The user name or password in "Authorization" is wrong', 'Authorization', challenge);
	}
}

/** A header that must carry a shared secret. */
export function verifySecretHeader(delivery: InboundDelivery, header: string, secret: string): void {
	if (!signaturesMatch(signatureHeader(delivery, header), secret)) {
		throw new SignatureError(`The "${header}" header does not carry the shared secret`, header);
	}
}

export interface HmacSettings {
	header: string;
	algorithm: HmacAlgorithm;
	encoding: DigestEncoding;
	prefix: string;
	/** When set, the signed text is `<timestamp>.<body>` and old deliveries are refused. */
	timestampHeader: string;
	toleranceSeconds: number;
}

/** A configurable HMAC over the raw body, optionally bound to a timestamp against replays. */
export function verifyConfiguredHmac(delivery: InboundDelivery, secret: string, settings: HmacSettings, nowSeconds: number): void {
	let received = signatureHeader(delivery, settings.header);
	if (settings.prefix) {
		if (!received.startsWith(settings.prefix)) {
			throw new SignatureError(`The "${settings.header}" signature does not start with "${settings.prefix}"`, settings.header);
		}
		received = received.slice(settings.prefix.length);
	}
	let signed: Buffer = delivery.rawBody;
	if (settings.timestampHeader) {
		const stamp = signatureHeader(delivery, settings.timestampHeader);
		const sentAt = /^\d+$/.test(stamp) ? Number(stamp) : Date.parse(stamp) / 1000;
		if (!Number.isFinite(sentAt)) {
			throw new SignatureError(`The "${settings.timestampHeader}" header is not a time`, settings.timestampHeader);
		}
		if (Math.abs(nowSeconds - sentAt) > settings.toleranceSeconds) {
			throw new SignatureError(
				`The "${settings.timestampHeader}" time is more than ${settings.toleranceSeconds} s from now: the delivery is too old or replayed`,
				settings.timestampHeader,
			);
		}
		signed = Buffer.concat([Buffer.from(`${stamp}.`), delivery.rawBody]);
	}
	verifyHmac(received, {
		algorithm: settings.algorithm,
		encoding: settings.encoding,
		header: settings.header,
		key: secret,
		data: signed,
	});
}
