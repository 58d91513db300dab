/** Small readers of values that arrive from outside (survey tools, case providers): records, text, numbers. */

export function isRecord(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Trimmed text, a finite number as text, or null for anything else or blank. */
export function trimmedText(value: unknown): string | null {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') return null;
	const text = value.trim();
	return text === '' ? null : text;
}

/** A finite number, or a string holding one ("7", "-1.5"); null otherwise. */
export function numberOf(value: unknown): number | null {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
	return null;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Tools HTML-escape text (`&quot;`, `&#039;`, `&eacute;` is left as is); the feedback carries the text itself. */
export function decodeEntities(text: string): string {
	return text.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]+);/gi, (entity, code: string) => {
		if (code.startsWith('#')) {
			const point = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
			return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : entity;
		}
		return NAMED_ENTITIES[code.toLowerCase()] ?? entity;
	});
}

/** Question wordings may be HTML (`<div>`, `<br>`, `&nbsp;`): keep the words. */
export function plainText(value: string | null | undefined): string | null {
	if (!value) return null;
	const words = decodeEntities(value.replace(/<br\s*\/?>/gi, ' ').replace(/<[^>]*>/g, ''))
		.replace(/\s+/g, ' ')
		.trim();
	return words || null;
}

/** "How satisfied are you? - Delivery": a matrix question's wording with its row label. */
export function joinLabel(wording: string | null, label: string | null | undefined): string | null {
	if (!label) return wording;
	return wording ? `${wording} - ${label}` : label;
}
