/**
 * What the fuzz and property tests of the Survey Trigger share: a seeded generator, so that a
 * failure names its seed and reruns the same way, and deliveries encoded and signed the way
 * each survey tool sends them.
 */
import { createHmac } from 'crypto';

/** The signing secret every generated delivery is signed with. */
export const SIGNING_VALUE = 'example-fuzz-signing-value';

export function generator(seed: number) {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const below = (n: number) => Math.floor(next() * n);
	const pick = <T>(items: readonly T[]): T => items[below(items.length)];
	return { next, below, pick };
}
export type Random = ReturnType<typeof generator>;

export const json = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'null');
export const hmac = (algorithm: string, data: string | Buffer, encoding: 'base64' | 'hex', key = SIGNING_VALUE) =>
	createHmac(algorithm, key).update(data).digest(encoding);

/** Text fields as `application/x-www-form-urlencoded` (Qualtrics); non-text values as JSON. */
export const formEncode = (fields: unknown) => {
	const entries =
		fields !== null && typeof fields === 'object' && !Array.isArray(fields)
			? Object.entries(fields as Record<string, unknown>).map(
					([name, value]): [string, string] => [name, typeof value === 'string' ? value : JSON.stringify(value) ?? ''],
				)
			: [['value', String(fields)] as [string, string]];
	return new URLSearchParams(entries).toString();
};

/** Jotform's boundary, as in `jotform/nps-submission.multipart.txt`. */
export const BOUNDARY = '------JotformBoundary7MA4YWxkTrZu0gW';
/** Text fields as `multipart/form-data` with CRLF line ends (Jotform); non-text values as JSON. */
export const multipartEncode = (fields: unknown) => {
	const entries =
		fields !== null && typeof fields === 'object' && !Array.isArray(fields)
			? Object.entries(fields as Record<string, unknown>)
			: [['value', fields]];
	const parts = entries.map(
		([name, value]) =>
			`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${
				typeof value === 'string' ? value : JSON.stringify(value) ?? ''
			}\r\n`,
	);
	return `${parts.join('')}--${BOUNDARY}--\r\n`;
};
