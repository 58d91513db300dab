/**
 * What the Freshdesk and ServiceNow providers share: the account's address from a credential field that takes a
 * subdomain, a host name or a whole URL; the status of a failed call; the order that picks the case that stands
 * when a key was opened twice; and the display options that show a field for one provider only.
 */
import { FeedbackError } from '../../core/feedback';

/**
 * The site's origin from what a person types in a credential: `acme` (under the vendor's domain), `acme.vendor.com`,
 * or a whole URL (`https://…`, also a proxy or a loopback fake), without a path. Throws a FeedbackError naming the
 * credential's field.
 */
export function caseSiteUrl(value: unknown, spec: { vendorDomain: string; field: string; parameter: string; example: string }): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') throw new FeedbackError(`The credential's ${spec.field} is empty: give your account's address, e.g. ${spec.example}`, spec.parameter);
	const withScheme = /^https?:\/\//i.test(text) ? text : `https://${text.includes('.') ? text : `${text}.${spec.vendorDomain}`}`;
	const url = URL.canParse(withScheme) ? new URL(withScheme) : null;
	if (url === null) throw new FeedbackError(`The credential's ${spec.field} "${text}" is not an address: give e.g. ${spec.example}`, spec.parameter);
	if (!/^[a-z0-9.-]+$/i.test(url.hostname) && !url.hostname.startsWith('[')) {
		throw new FeedbackError(`The credential's ${spec.field} "${text}" is not an address: give e.g. ${spec.example}`, spec.parameter);
	}
	return url.origin;
}

/** The HTTP status of a failed API call (NodeApiError's `httpCode` is text), or null. */
export function httpStatusOf(error: unknown): number | null {
	const code = typeof error === 'object' && error !== null ? (error as { httpCode?: unknown }).httpCode : undefined;
	const status = Number(code);
	return code !== undefined && code !== null && Number.isInteger(status) ? status : null;
}

/**
 * Records oldest first: by creation time, then by the provider's own order (an id or number that grows), so every
 * run that sees the same records picks the same one to keep.
 */
export function oldestFirst<T>(records: readonly T[], order: (record: T) => { createdAt: string | null; order: number | string }): T[] {
	const time = (value: string | null) => {
		const parsed = value === null ? Number.NaN : Date.parse(value);
		return Number.isNaN(parsed) ? Number.POSITIVE_INFINITY : parsed;
	};
	return [...records].sort((a, b) => {
		const [left, right] = [order(a), order(b)];
		const byTime = time(left.createdAt) - time(right.createdAt);
		if (byTime !== 0 && !Number.isNaN(byTime)) return byTime;
		return left.order < right.order ? -1 : left.order > right.order ? 1 : 0;
	});
}

/** A provider's editor field is shown for that provider only, and for some operations when given. */
export function shownFor(providerKey: string, operation?: string[]): { show: Record<string, string[]> } {
	return { show: { provider: [providerKey], ...(operation ? { operation } : {}) } };
}
