/**
 * Score & Classify in one pure step: the scores' categories, the comment's sentiment and
 * topics, the bad-experience flag and the priority, each with its reasons. Settings are
 * resolved once (`resolveClassifySettings`) and applied to every response.
 */
import type { Classification, Feedback } from './feedback';
import type { BadExperienceRule } from './badExperience';
import { DEFAULT_BAD_EXPERIENCE_RULE, checkRuleTopics, evaluateBadExperience, parseBadExperienceRule } from './badExperience';
import { readComment } from './comment';
import { readPath } from './paths';
import type { PriorityConfig, ResolvedPriorityConfig } from './priority';
import { prioritize, resolvePriorityConfig } from './priority';
import type { ScoringOptions } from './scoring';
import { classifyScores } from './scoring';
import type { SentimentOptions } from './sentiment';
import type { TopicLibrary, TopicLibrarySettings } from './topics';
import { buildTopicLibrary } from './topics';

export interface ClassifySettings {
	scoring?: ScoringOptions;
	/** Language of the comments: detected per comment by default. */
	language?: SentimentOptions['language'];
	topics?: TopicLibrarySettings;
	/** A rule object or its JSON text; the default rule when absent. */
	badExperienceRule?: unknown;
	priority?: PriorityConfig;
	/** Where the customer value and segment are on the item (dot paths); the respondent's by default. */
	customerValuePath?: string;
	segmentPath?: string;
}

export interface ResolvedClassifySettings {
	scoring: ScoringOptions;
	sentiment: SentimentOptions;
	topics: TopicLibrary;
	badExperienceRule: BadExperienceRule;
	priority: ResolvedPriorityConfig;
	customerValuePath: string;
	segmentPath: string;
}

export const DEFAULT_CUSTOMER_VALUE_PATH = 'feedback.respondent.value';
export const DEFAULT_SEGMENT_PATH = 'feedback.respondent.segment';

/** Checks every setting once; a bad one fails with a FeedbackError naming it. */
export function resolveClassifySettings(settings: ClassifySettings = {}): ResolvedClassifySettings {
	const topics = buildTopicLibrary(settings.topics ?? { mode: 'builtIn' });
	const badExperienceRule =
		settings.badExperienceRule === undefined || settings.badExperienceRule === null || settings.badExperienceRule === ''
			? DEFAULT_BAD_EXPERIENCE_RULE
			: parseBadExperienceRule(settings.badExperienceRule);
	checkRuleTopics(badExperienceRule, topics.topicIds);
	return {
		scoring: settings.scoring ?? {},
		sentiment: { language: settings.language ?? 'auto' },
		topics,
		badExperienceRule,
		priority: resolvePriorityConfig(settings.priority ?? {}),
		customerValuePath: settings.customerValuePath?.trim() || DEFAULT_CUSTOMER_VALUE_PATH,
		segmentPath: settings.segmentPath?.trim() || DEFAULT_SEGMENT_PATH,
	};
}

/**
 * Classifies one response. `item` is the whole closed-loop item, so the customer value and
 * segment can come from any field the user points at.
 */
export function classifyFeedback(
	feedback: Feedback,
	item: Record<string, unknown>,
	settings: ResolvedClassifySettings,
): Classification {
	const scores = classifyScores(feedback.metrics, settings.scoring);
	const reasons = [...scores.reasons];

	// The response's locale is the prior for the comment's language (see SentimentOptions.locale).
	const { sentiment, topics } = readComment(feedback.comment, settings.topics, { language: settings.sentiment.language, locale: feedback.locale });
	reasons.push(...sentiment.reasons);
	if (topics.length) reasons.push(`Topics: ${topics.map((topic) => `${topic.label} (${topic.matched.join(', ')})`).join('; ')}`);

	const bad = evaluateBadExperience(
		{
			metrics: scores.metrics,
			category: scores.category,
			sentimentLabel: sentiment.label,
			topics: topics.map((topic) => topic.topic),
		},
		settings.badExperienceRule,
	);
	reasons.push(...bad.reasons);

	const rawValue = readPath(item, settings.customerValuePath);
	const customerValue = typeof rawValue === 'number' ? rawValue : typeof rawValue === 'string' && rawValue.trim() !== '' && Number.isFinite(Number(rawValue)) ? Number(rawValue) : null;
	const rawSegment = readPath(item, settings.segmentPath);
	const priority = prioritize(
		{
			category: scores.category,
			sentimentLabel: sentiment.label,
			customerValue,
			segment: typeof rawSegment === 'string' ? rawSegment : null,
			badExperience: bad.badExperience,
		},
		settings.priority,
	);
	reasons.push(...priority.reasons);

	return {
		category: scores.category,
		primaryMetric: scores.primaryMetric,
		metrics: scores.metrics,
		sentiment: { score: sentiment.score, comparative: sentiment.comparative, label: sentiment.label, language: sentiment.language },
		topics,
		priority: priority.priority,
		badExperience: bad.badExperience,
		reasons,
	};
}
