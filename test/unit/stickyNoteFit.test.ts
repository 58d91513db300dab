import { STICKY_LAYOUT, checkStickyNoteFit, monospaceColumns } from '../support/stickyNoteFit';

/** Code columns that fit a note of `width`: content minus the code block's own padding. */
const codeColumns = (width: number) =>
	Math.floor(
		(width - 2 * STICKY_LAYOUT.borderPx - 2 * STICKY_LAYOUT.contentPaddingPx - 2 * STICKY_LAYOUT.codeBlockPaddingPx) /
			(STICKY_LAYOUT.codeFontPx * STICKY_LAYOUT.monospaceEm),
	);

describe('checkStickyNoteFit', () => {
	const width = 320;
	const fits = codeColumns(width);

	it('lets a code line of the widest size that fits through, and stops one character more', () => {
		const fitting = checkStickyNoteFit(['```json', 'x'.repeat(fits), '```'].join('\n'), width);
		expect(fitting.overflowing).toEqual([]);
		expect(fitting.tightest).toMatchObject({ line: 2, kind: 'code' });

		const tooWide = checkStickyNoteFit(['### Sample', '```json', `{ "comment": "${'x'.repeat(fits)}" }`, '```'].join('\n'), width);
		expect(tooWide.overflowing).toEqual([expect.objectContaining({ line: 3, kind: 'code' })]);
		expect(tooWide.overflowing[0].widthPx).toBeGreaterThan(tooWide.overflowing[0].availablePx);
	});

	it('flags the JSON sample the Custom JSON template shipped with in a 320 px note', () => {
		const shipped = '### What to send\n```json\n{\n  "responseId": "r-1001",\n  "score": 3,\n  "comment": "Livraison en retard",\n  "email": "claire@example.fr",\n  "touchpoint": "delivery"\n}\n```';
		const fit = checkStickyNoteFit(shipped, 320);
		expect(fit.overflowing.map((entry) => entry.text)).toContain('  "comment": "Livraison en retard",');
	});

	it('lets long prose wrap: many short words on one line fit', () => {
		const fit = checkStickyNoteFit(`A body that cannot be read is refused. ${'word '.repeat(200)}`, width);
		expect(fit.overflowing).toEqual([]);
	});

	it('flags a word or inline code too wide to stay whole, which n8n would split in the middle', () => {
		const url = `https://example.com/${'segment/'.repeat(10)}`;
		expect(checkStickyNoteFit(`Send it to ${url} today.`, width).overflowing).toEqual([
			expect.objectContaining({ line: 1, kind: 'prose', text: url }),
		]);
		const path = `\`classification.${'nested.'.repeat(8)}field\``;
		expect(checkStickyNoteFit(`Read ${path} downstream.`, width).overflowing).toHaveLength(1);
	});

	it('counts what a reader sees: link targets and emphasis markers take no room', () => {
		const link = `[the docs](https://example.com/${'very-long-path/'.repeat(10)})`;
		expect(checkStickyNoteFit(`See **${link}** for more.`, width).overflowing).toEqual([]);
	});

	it('gives a code block in a list item less room by the list indent', () => {
		const line = 'y'.repeat(fits);
		expect(checkStickyNoteFit(['```', line, '```'].join('\n'), width).overflowing).toEqual([]);
		const nested = checkStickyNoteFit(['1. Post this:', '   ```', `   ${line}`, '   ```'].join('\n'), width);
		expect(nested.overflowing).toEqual([expect.objectContaining({ line: 3, kind: 'code', text: line })]);
	});

	it('measures headings at their own size', () => {
		// 16 characters without a space: fine in a paragraph, too wide at h1's 36 px in a 240 px note.
		const word = 'Troubleshooting!';
		expect(checkStickyNoteFit(word, 240).overflowing).toEqual([]);
		expect(checkStickyNoteFit(`# ${word}`, 240).overflowing).toHaveLength(1);
	});

	it('does not take a closing fence of another kind for the end of the block', () => {
		const content = ['~~~', '```', 'z'.repeat(fits + 5), '~~~', 'After.'].join('\n');
		expect(checkStickyNoteFit(content, width).overflowing).toEqual([expect.objectContaining({ line: 3, kind: 'code' })]);
	});
});

describe('monospaceColumns', () => {
	it('expands tabs to the next multiple of 8 and counts wide characters twice', () => {
		expect(monospaceColumns('\tx')).toBe(9);
		expect(monospaceColumns('ab\tx')).toBe(9);
		expect(monospaceColumns('満足')).toBe(4);
		expect(monospaceColumns('é')).toBe(1);
	});
});
