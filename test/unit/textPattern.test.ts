import { TextPattern } from '../../nodes/core/textPattern';

/**
 * TextPattern reads some texts with a faster twin of the pattern (`i` where the user's pattern is
 * `iu`): for every text it must answer as `iu` does, including on the characters the two flags
 * read apart.
 */
const PATTERNS = [
	'\\b(refund|rembours\\w*)\\b',
	'\\bkit\\b',
	'^\\w+$',
	'\\W',
	'^.$',
	'[^a-z]',
	'[a-z]+s\\b',
	'stop',
	'(\\w)\\1',
	'(.)\\1',
	'\\u{1F600}',
	'\\p{Lu}',
	'caf\\u00e9',
	'(?<=\\s)kg\\b',
];
const TEXTS = [
	'I want a refund',
	'REMBOURSEMENT demandé',
	'remboursé',
	'Rembourſement',
	'refund\u212A',
	'\u212Ait',
	'the Kit arrived',
	'ſtop',
	'STOP',
	'😀',
	'ok 😀',
	'Café Été',
	'CAFÉ',
	'ß and ẞ',
	'ßẞ',
	'u{1F600}',
	'aA',
	'ſs',
	'5 \u212Ag please',
	'5 KG please',
	'',
];

describe('TextPattern', () => {
	it.each(PATTERNS)('answers as the iu pattern does: /%s/', (pattern) => {
		const reference = new RegExp(pattern, 'iu');
		const compiled = new TextPattern(pattern, true);
		for (const text of TEXTS) expect([text, compiled.test(text)]).toEqual([text, reference.test(text)]);
	});

	it('reads ſ and the Kelvin sign as iu does, where i alone would not', () => {
		// The texts the twin must not read: a regression here means the twin was used on them.
		expect(new RegExp('\\bkit\\b', 'i').test('\u212Ait')).toBe(false);
		expect(new TextPattern('\\bkit\\b', true).test('\u212Ait')).toBe(true);
		expect(new TextPattern('^\\w+$', true).test('ſtop')).toBe(true);
		expect(new TextPattern('^.$', true).test('😀')).toBe(true);
	});

	it('keeps case when ignore case is off, and falls back to no flag for a pattern u refuses', () => {
		expect(new TextPattern('stop', false).test('STOP')).toBe(false);
		expect(new TextPattern('\\-', true).test('a-b')).toBe(true);
		expect(new TextPattern('\\-', true).source).toBe('\\-');
		expect(() => new TextPattern('(late', true)).toThrow(SyntaxError);
	});
});
