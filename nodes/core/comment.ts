/**
 * A customer comment read once for both what it feels and what it is about: the sentiment tokenizer
 * reads it and hands its words to the topic tagger as it goes (see Vocabulary.word in topics.ts), so
 * that one pass over the text feeds both. The results are those of `analyzeSentiment` and `tagTopics`.
 */
import type { SentimentOptions, SentimentResult } from './sentiment';
import { analyzeSentiment } from './sentiment';
import type { TopicLibrary, TopicMatch } from './topics';

export interface CommentReading {
	sentiment: SentimentResult;
	/** Labelled in the comment's language, or the response's locale when the language is unknown. */
	topics: TopicMatch[];
}

export function readComment(text: string | null | undefined, library: TopicLibrary, options: SentimentOptions = {}): CommentReading {
	const words = library.startTagging(text);
	const sentiment = analyzeSentiment(text, options, words);
	const topics = library.finishTagging(text, words, { language: sentiment.language ?? options.locale });
	return { sentiment, topics };
}
