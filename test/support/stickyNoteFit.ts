/**
 * Whether a sticky note's markdown fits the note's width in n8n's editor at 100 % zoom.
 *
 * n8n renders a sticky note's content with its markdown component (theme "sticky"). What that
 * does with a long line, from n8n 2.41.1's editor CSS (n8n-editor-ui dist/assets):
 * - prose (paragraphs, list items, headings) wraps at spaces, and `overflow-wrap: break-word`
 *   splits a word that is wider than the note: it never overflows, but a URL, a field path or an
 *   inline code sample split in the middle no longer reads or copies. Counted as not fitting;
 * - a code block (`pre > code`) keeps its lines (`white-space: pre`) and scrolls sideways
 *   (`overflow-x: auto`): a line wider than the block is cut off on the right. Not fitting.
 *
 * Checked once in Chromium 156 at 100 % zoom: the Custom JSON template's sample, in a 320 px note,
 * had code lines needing 337 px in a 262 px block, cut off as users saw it; this module said 342.
 * Everything on the canvas scales together, so what fits at 100 % fits at the zoom the editor opens with.
 *
 * Widths are estimated, not measured, so the character widths are deliberately generous:
 * monospace glyphs are 0.6 em in the fonts browsers pick for `monospace` (DejaVu Sans Mono and
 * Menlo 0.602, Courier 0.6, Consolas 0.55), and prose is taken at 0.62 em per character, wider
 * than Inter's average even in bold.
 */

/** n8n 2.41.1's sticky-note geometry and fonts, in CSS pixels at 100 % zoom. */
export const STICKY_LAYOUT = Object.freeze({
	/** `.sticky { border: 1px solid }` on each side. */
	borderPx: 1,
	/** The content wrapper: `padding: var(--spacing--2xs) var(--spacing--xs) 0`, --spacing--xs = .75rem. */
	contentPaddingPx: 12,
	/** `pre > code { padding: var(--spacing--sm) }`, --spacing--sm = 1rem. */
	codeBlockPaddingPx: 16,
	/** `ul, ol { padding-left: var(--spacing--md) }`, --spacing--md = 1.25rem. */
	listIndentPx: 20,
	/**
	 * A code block's font: n8n sets none on `pre > code` in sticky notes, so it is the browser's
	 * `monospace` at the body's size, `var(--font-size--md)` = 1rem (Chromium 156 draws 9.63 px per
	 * character there with DejaVu Sans Mono). Inline code takes the size of the text around it.
	 */
	codeFontPx: 16,
	/** `p, li { font-size: var(--font-size--sm) }` = .875rem. */
	proseFontPx: 14,
	/** h1 36 px, h2 24 px, h3-h6 `var(--font-size--md)` = 1rem. */
	headingFontPx: [36, 24, 16, 16, 16, 16] as readonly number[],
	monospaceEm: 0.61,
	proseEm: 0.62,
	/** Browsers expand a tab in `pre` to the next multiple of 8 columns. */
	tabSize: 8,
});

export interface StickyNoteLine {
	/** 1-based line number in the note's content. */
	line: number;
	text: string;
	kind: 'code' | 'prose';
	/** Estimated width in CSS pixels of the code line, or of the widest unbreakable word of prose. */
	widthPx: number;
	/** The width it has in the note. */
	availablePx: number;
}

export interface StickyNoteFit {
	/** The lines that would not fit, widest overflow first. */
	overflowing: StickyNoteLine[];
	/** The line that comes closest to the edge (largest width - available), fitting or not. */
	tightest: StickyNoteLine | undefined;
}

/** Characters a browser draws two columns wide in a monospace font: CJK and emoji. */
const WIDE_CHARACTER = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|\p{Extended_Pictographic}/u;

/** Columns a string takes in a monospace font, tabs expanded. */
export function monospaceColumns(text: string, tabSize: number = STICKY_LAYOUT.tabSize): number {
	let columns = 0;
	for (const character of text) {
		if (character === '\t') columns += tabSize - (columns % tabSize);
		else columns += WIDE_CHARACTER.test(character) ? 2 : 1;
	}
	return columns;
}

/** What a reader sees of a line of inline markdown: links as their text, emphasis markers dropped. */
function visibleText(markdown: string): string {
	return markdown
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/(\*\*|__|~~)/g, '')
		.replace(/(^|[\s(])[*_]([^*_\s])/g, '$1$2')
		.replace(/([^*_\s])[*_](?=[\s).,;:!?]|$)/g, '$1');
}

const FENCE = /^(\s*)(`{3,}|~{3,})/;
const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])\s+/;
const HEADING = /^\s{0,3}(#{1,6})\s+/;

/**
 * Checks each line of a sticky note's markdown against the note's width. Fenced code blocks
 * (``` or ~~~, in a list item too) are code; everything else is prose.
 */
export function checkStickyNoteFit(content: string, noteWidthPx: number, layout = STICKY_LAYOUT): StickyNoteFit {
	const contentPx = noteWidthPx - 2 * layout.borderPx - 2 * layout.contentPaddingPx;
	const lines = content.split(/\r?\n/);
	const measured: StickyNoteLine[] = [];
	let fence: { marker: string; indent: number; listDepth: number } | undefined;
	/** Indents of the list items the current line is nested in. */
	let openItems: number[] = [];
	let afterBlankLine = false;

	lines.forEach((raw, index) => {
		const line = index + 1;
		if (fence) {
			const closing = FENCE.exec(raw);
			if (closing && closing[2][0] === fence.marker[0] && closing[2].length >= fence.marker.length && raw.trim() === closing[2]) {
				fence = undefined;
				return;
			}
			// Inside the fence, markdown-it strips up to the fence's own indent from each line.
			const text = raw.slice(Math.min(fence.indent, raw.length - raw.trimStart().length));
			const availablePx = contentPx - fence.listDepth * layout.listIndentPx - 2 * layout.codeBlockPaddingPx;
			measured.push({ line, text, kind: 'code', widthPx: monospaceColumns(text) * layout.codeFontPx * layout.monospaceEm, availablePx });
			return;
		}
		if (raw.trim() === '') {
			afterBlankLine = true;
			return;
		}

		const indent = raw.length - raw.trimStart().length;
		const item = LIST_ITEM.exec(raw);
		let text = raw.trimStart();
		if (item) {
			openItems = [...openItems.filter((open) => open < indent), indent];
			text = raw.slice(item[0].length);
		} else if (afterBlankLine) {
			// After a blank line, only a line indented past an item's marker stays in that item.
			openItems = openItems.filter((open) => open < indent);
		}
		afterBlankLine = false;
		const listDepth = openItems.length;

		const opening = FENCE.exec(raw);
		if (opening) {
			fence = { marker: opening[2], indent: opening[1].length, listDepth };
			return;
		}

		const heading = HEADING.exec(text);
		const fontPx = heading ? layout.headingFontPx[heading[1].length - 1] : layout.proseFontPx;
		const availablePx = contentPx - listDepth * layout.listIndentPx;
		// Prose wraps between words; only the widest word (inline code counted in monospace) matters.
		const words = visibleText(heading ? text.slice(heading[0].length) : text).split(/\s+/).filter(Boolean);
		let widest = { text: '', widthPx: 0 };
		for (const word of words) {
			const code = /`/.test(word);
			const plain = word.replace(/`/g, '');
			const widthPx = code ? monospaceColumns(plain) * fontPx * layout.monospaceEm : [...plain].length * fontPx * layout.proseEm;
			if (widthPx > widest.widthPx) widest = { text: plain, widthPx };
		}
		if (widest.text) measured.push({ line, text: widest.text, kind: 'prose', widthPx: widest.widthPx, availablePx });
	});

	const byOverflow = [...measured].sort((a, b) => b.widthPx - b.availablePx - (a.widthPx - a.availablePx));
	return { overflowing: byOverflow.filter((entry) => entry.widthPx > entry.availablePx), tightest: byOverflow[0] };
}
