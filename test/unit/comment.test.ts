import { readComment } from '../../nodes/core/comment';
import { analyzeSentiment } from '../../nodes/core/sentiment';
import { buildTopicLibrary, defaultTopicLibrary } from '../../nodes/core/topics';
import type { TopicLibrary } from '../../nodes/core/topics';

/** What reading a comment twice gives: the sentiment, then the topics in the comment's language. */
function twoPasses(text: string, library: TopicLibrary, locale: string | null) {
	const sentiment = analyzeSentiment(text, { locale });
	return { sentiment, topics: library.tag(text, { language: sentiment.language ?? locale }) };
}

// Pieces where the tokenizer's words and the tagger's words could part: elisions, apostrophes and
// hyphens inside words, accents in either case, letters the tokenizer keeps (ß ø), marks, ratings,
// emoticons, emoji, punctuation that breaks a phrase for one and not the other.
const PIECES = [
	'a', 'e', 'l', 'd', 'qu', 's', 't', 'x', 'D', 'P', ' ', '  ', "'", '’', '‘', '-', '.', ',', '!', '?', ':', ';', '(', ')', '"',
	'«', '»', 'é', 'É', 'à', 'À', 'œ', 'Œ', 'ß', 'ø', 'ý', 'ª', '²', '½', '9', '10', '/', '5', 'out of', 'sur', 'stars', 'étoile',
	':d', ':p', '<3', '^_^', '😀', '❤', '\uFE0F', '\u0301', '€', '–', '…', '\n', 'İ', 'K', 'livraison', 'retard', 'SAV',
	'service client', "l'attente", "temps d'attente", "presqu'île", 'e-mail', '4g', "jusqu'à", 'on hold', 'in order to',
];

/** A small deterministic generator, so that a failure names a comment that can be read again. */
function comments(count: number): string[] {
	let seed = 7;
	const next = (): number => {
		seed = (seed * 1103515245 + 12345) & 0x7fffffff;
		return seed / 0x7fffffff;
	};
	return Array.from({ length: count }, () => {
		let text = '';
		const pieces = 1 + Math.floor(next() * 12);
		for (let piece = 0; piece < pieces; piece++) text += PIECES[Math.floor(next() * PIECES.length)];
		return text;
	});
}

const LIBRARIES: Array<[string, TopicLibrary]> = [
	['the built-in topics', defaultTopicLibrary()],
	[
		'custom keywords with digits, elisions and one-letter words',
		buildTopicLibrary({
			mode: 'extend',
			custom: [{ topic: 'odd', keywords: ['d', '4g', '10', '9 10', 'e mail', 'presque ile', 'ß', 'ss', 'stars', 'out of', 'x d', 'k'] }],
		}),
	],
];

describe('readComment: one pass for sentiment and topics', () => {
	it.each(LIBRARIES)('gives what analyzeSentiment and tag give, on generated comments (%s)', (_name, library) => {
		const differing = comments(20_000).filter(
			(text) => JSON.stringify(readComment(text, library, { locale: 'fr' })) !== JSON.stringify(twoPasses(text, library, 'fr')),
		);
		expect(differing).toEqual([]);
	});

	it('finds topics and sentiment in an ordinary comment, labelled in its language', () => {
		const { sentiment, topics } = readComment("Livraison en retard et temps d'attente au SAV trop long", defaultTopicLibrary());
		expect(sentiment.language).toBe('fr');
		expect(sentiment.label).toBe('negative');
		expect(topics.map((topic) => [topic.topic, topic.label, topic.matched])).toEqual([
			['delivery', 'Livraison', ['Livraison en retard']],
			['waiting', 'Attente', ["temps d'attente", 'trop long']],
			['support', 'SAV', ['SAV']],
		]);
	});

	it('reads no comment as no sentiment and no topics', () => {
		expect(readComment(null, defaultTopicLibrary())).toEqual({ sentiment: analyzeSentiment(null), topics: [] });
		expect(readComment('   ', defaultTopicLibrary()).topics).toEqual([]);
	});
});
