import type { Category } from '../../nodes/core/feedback';
import {
	CATEGORY_ROWS,
	DEFAULT_PRIORITY_MATRIX,
	SENTIMENT_COLUMNS,
	parsePriorityMatrix,
	prioritize,
	resolvePriorityConfig,
} from '../../nodes/core/priority';
import type { PriorityConfig, PriorityInput, SentimentLabel } from '../../nodes/core/priority';
import { feedbackError } from './expectations';

const input = (overrides: Partial<PriorityInput> = {}): PriorityInput => ({
	category: 'passive',
	sentimentLabel: null,
	customerValue: null,
	segment: null,
	...overrides,
});

/** The default matrix as the docs print it, written out here independently of the code. */
const DOCUMENTED: Array<[Category, string, string, string, string]> = [
	//            negative neutral positive unknown
	['detractor', 'P1', 'P2', 'P2', 'P2'],
	['dissatisfied', 'P1', 'P2', 'P2', 'P2'],
	['difficult', 'P1', 'P2', 'P2', 'P2'],
	['passive', 'P2', 'P3', 'P3', 'P3'],
	['neutral', 'P2', 'P3', 'P3', 'P3'],
	['promoter', 'P3', 'P4', 'P4', 'P4'],
	['satisfied', 'P3', 'P4', 'P4', 'P4'],
	['easy', 'P3', 'P4', 'P4', 'P4'],
];
const COLUMNS: SentimentLabel[] = ['negative', 'neutral', 'positive', 'unknown'];
const cells = DOCUMENTED.flatMap(([category, ...priorities]) =>
	priorities.map((priority, column) => [category, COLUMNS[column], priority] as const),
);

describe('default matrix', () => {
	it.each(cells)('%s with a %s comment is %s', (category, sentimentLabel, priority) => {
		const result = prioritize(input({ category, sentimentLabel }));
		expect(result.priority).toBe(priority);
		expect(result.reasons).toEqual([
			`${category} with ${sentimentLabel === 'unknown' ? 'comment of unknown sentiment' : `${sentimentLabel} comment`} → ${priority}`,
		]);
	});

	it('is exported as data with every category and sentiment, in the documented order', () => {
		expect(CATEGORY_ROWS).toEqual(DOCUMENTED.map(([category]) => category));
		expect(SENTIMENT_COLUMNS).toEqual(COLUMNS);
		for (const [category, ...priorities] of DOCUMENTED) {
			expect(COLUMNS.map((column) => DEFAULT_PRIORITY_MATRIX[category][column])).toEqual(priorities);
		}
		expect(Object.isFrozen(DEFAULT_PRIORITY_MATRIX)).toBe(true);
		expect(Object.isFrozen(DEFAULT_PRIORITY_MATRIX.detractor)).toBe(true);
	});

	it.each<[Category, string]>([
		['detractor', 'P2'],
		['passive', 'P3'],
		['promoter', 'P4'],
	])('reads no sentiment (no comment) as the unknown column: %s → %s', (category, priority) => {
		const result = prioritize(input({ category, sentimentLabel: null }));
		expect(result.priority).toBe(priority);
		expect(result.reasons).toEqual([`${category} with no sentiment (no comment, or not analysed) → ${priority}`]);
	});
});

describe('missing data', () => {
	it('gives P3 to a response without a category, and says so', () => {
		const result = prioritize(input({ category: null, sentimentLabel: 'negative' }));
		expect(result).toEqual({ priority: 'P3', reasons: ['no score category (missing data) → P3'] });
	});

	it('uses the configured priority for a response without a category', () => {
		expect(prioritize(input({ category: null }), { whenNoCategory: 'P2' }).priority).toBe('P2');
	});

	it('still raises a VIP without a category', () => {
		expect(prioritize(input({ category: null, segment: 'VIP' }), { vipSegments: ['vip'] }).priority).toBe('P2');
	});

	it('says when the customer value is unknown and a high-value threshold is set', () => {
		const result = prioritize(input({ category: 'passive', customerValue: null }), { highValueFrom: 1000 });
		expect(result).toEqual({
			priority: 'P3',
			reasons: ['passive with no sentiment (no comment, or not analysed) → P3', 'customer value unknown: no high-value upgrade'],
		});
	});

	it('does not mention the customer value when no threshold is set', () => {
		expect(prioritize(input({ customerValue: null })).reasons).toHaveLength(1);
		expect(prioritize(input({ customerValue: 1e9 })).priority).toBe('P3');
	});

	it('treats a value that is not a finite number as unknown', () => {
		expect(prioritize(input({ customerValue: Number.NaN }), { highValueFrom: 0 }).priority).toBe('P3');
	});

	it('reads an unexpected sentiment as unknown', () => {
		const result = prioritize(input({ category: 'detractor', sentimentLabel: 'angry' as SentimentLabel }));
		expect(result.priority).toBe('P2');
	});
});

describe('customer upgrades', () => {
	it.each<[Category, SentimentLabel, string]>([
		['passive', 'neutral', 'P2'],
		['promoter', 'positive', 'P3'],
		['detractor', 'neutral', 'P1'],
		['satisfied', 'negative', 'P2'],
	])('raises a VIP %s with a %s comment one level, to %s', (category, sentimentLabel, priority) => {
		const result = prioritize(input({ category, sentimentLabel, segment: 'Gold' }), { vipSegments: ['gold', 'platinum'] });
		expect(result.priority).toBe(priority);
		expect(result.reasons[1]).toMatch(new RegExp(`^VIP segment "Gold": raised P\\d → ${priority}$`));
	});

	it('compares segments without regard to case or spaces', () => {
		const config = { vipSegments: [' Key Accounts '] };
		expect(prioritize(input({ segment: 'key accounts' }), config).priority).toBe('P2');
		expect(prioritize(input({ segment: 'KEY ACCOUNTS ' }), config).priority).toBe('P2');
		expect(prioritize(input({ segment: 'key account' }), config).priority).toBe('P3');
		expect(prioritize(input({ segment: null }), config).priority).toBe('P3');
		expect(prioritize(input({ segment: '' }), { vipSegments: [''] }).priority).toBe('P3');
	});

	it.each([
		[9999, 'P3'],
		[10000, 'P2'],
		[250000, 'P2'],
	])('raises a customer worth %p with a high-value threshold of 10000 to %s', (customerValue, priority) => {
		expect(prioritize(input({ customerValue }), { highValueFrom: 10000 }).priority).toBe(priority);
	});

	it('names the value and the threshold', () => {
		expect(prioritize(input({ customerValue: 12000 }), { highValueFrom: 10000 }).reasons[1]).toBe(
			'customer value 12000 (high value from 10000): raised P3 → P2',
		);
	});

	it('raises only one level when the customer is both VIP and high value', () => {
		const result = prioritize(input({ category: 'promoter', segment: 'vip', customerValue: 50 }), {
			vipSegments: ['VIP'],
			highValueFrom: 10,
		});
		expect(result.priority).toBe('P3');
		expect(result.reasons[1]).toBe('VIP segment "vip" and customer value 50 (high value from 10): raised P4 → P3');
	});

	it('never goes above P1', () => {
		const result = prioritize(input({ category: 'detractor', sentimentLabel: 'negative', segment: 'vip' }), { vipSegments: ['vip'] });
		expect(result).toEqual({
			priority: 'P1',
			reasons: ['detractor with negative comment → P1', 'VIP segment "vip": already P1, the highest'],
		});
		expect(prioritize(input({ category: 'passive', segment: 'vip' }), { vipSegments: ['vip'], upgradeLevels: 2 }).priority).toBe('P1');
		expect(prioritize(input({ category: 'dissatisfied', segment: 'vip' }), { vipSegments: ['vip'], upgradeLevels: 2 }).priority).toBe('P1');
	});

	it('can raise by two levels, or not at all', () => {
		expect(prioritize(input({ category: 'promoter', segment: 'vip' }), { vipSegments: ['vip'], upgradeLevels: 2 }).priority).toBe('P2');
		expect(prioritize(input({ category: 'promoter', segment: 'vip' }), { vipSegments: ['vip'], upgradeLevels: 0 }).priority).toBe('P4');
	});
});

describe('bad experience', () => {
	it.each<[Category, SentimentLabel | null, string]>([
		['passive', 'positive', 'P2'],
		['promoter', 'positive', 'P2'],
		['neutral', null, 'P2'],
		['detractor', 'neutral', 'P2'],
		['detractor', 'negative', 'P1'],
	])('raises a bad experience (%s, %s) to at least P2: %s', (category, sentimentLabel, priority) => {
		expect(prioritize(input({ category, sentimentLabel, badExperience: true })).priority).toBe(priority);
		expect(prioritize(input({ category, sentimentLabel, badExperience: false })).priority).toBe(
			DOCUMENTED.find(([row]) => row === category)?.[1 + COLUMNS.indexOf(sentimentLabel ?? 'unknown')],
		);
	});

	it('says why', () => {
		expect(prioritize(input({ category: 'promoter', badExperience: true })).reasons[1]).toBe('bad experience: raised P4 → P2');
	});

	it('uses the configured floor, or none', () => {
		expect(prioritize(input({ badExperience: true }), { badExperienceAtLeast: 'P1' }).priority).toBe('P1');
		expect(prioritize(input({ badExperience: true }), { badExperienceAtLeast: null }).priority).toBe('P3');
	});

	it('applies the floor before the customer upgrade', () => {
		const result = prioritize(input({ category: 'promoter', badExperience: true, segment: 'vip' }), { vipSegments: ['vip'] });
		expect(result).toEqual({
			priority: 'P1',
			reasons: [
				'promoter with no sentiment (no comment, or not analysed) → P4',
				'bad experience: raised P4 → P2',
				'VIP segment "vip": raised P2 → P1',
			],
		});
	});
});

describe('configuration', () => {
	it('replaces only the matrix cells given', () => {
		const config: PriorityConfig = { matrix: { passive: { negative: 'P1' }, promoter: { unknown: 'P3' } } };
		expect(prioritize(input({ category: 'passive', sentimentLabel: 'negative' }), config).priority).toBe('P1');
		expect(prioritize(input({ category: 'passive', sentimentLabel: 'neutral' }), config).priority).toBe('P3');
		expect(prioritize(input({ category: 'promoter' }), config).priority).toBe('P3');
		expect(prioritize(input({ category: 'detractor', sentimentLabel: 'negative' }), config).priority).toBe('P1');
		expect(DEFAULT_PRIORITY_MATRIX.passive.negative).toBe('P2');
	});

	it('accepts a resolved configuration and reuses it', () => {
		const config = { vipSegments: ['vip'] };
		const resolved = resolvePriorityConfig(config);
		expect(resolvePriorityConfig(config)).toBe(resolved);
		expect(prioritize(input({ segment: 'VIP' }), resolved).priority).toBe('P2');
	});

	it.each<[string, unknown, RegExp, string]>([
		['an unknown sentiment column', { matrix: { passive: { angry: 'P1' } } }, /unknown sentiment column "angry"/, 'priority.matrix.passive'],
		['an unknown category row', { matrix: { happy: { negative: 'P1' } } }, /unknown category row "happy"/, 'priority.matrix'],
		['a priority that does not exist', { matrix: { passive: { negative: 'P0' } } }, /"matrix.passive.negative" is not valid: must be P1, P2, P3 or P4/, 'priority.matrix.passive.negative'],
		['a threshold that is not a number', { highValueFrom: '10k' }, /"highValueFrom" is not valid: must be a number/, 'priority.highValueFrom'],
		['VIP segments that are not text', { vipSegments: ['gold', 3] }, /each segment must be text/, 'priority.vipSegments.1'],
		['an unknown setting', { vip: ['gold'] }, /unknown setting "vip"/, 'priority'],
		['a bad floor', { badExperienceAtLeast: 'high' }, /must be P1, P2, P3 or P4/, 'priority.badExperienceAtLeast'],
		['a bad upgrade', { upgradeLevels: 3 }, /must be 0, 1 or 2/, 'priority.upgradeLevels'],
	])('refuses %s, naming it', (_, config, message, field) => {
		const error = feedbackError(() => prioritize(input(), config as PriorityConfig));
		expect(error.message).toMatch(message);
		expect(error.field).toBe(field);
	});

	it('reads a matrix override typed as JSON', () => {
		expect(parsePriorityMatrix('{ "passive": { "negative": "P1" } }')).toEqual({ passive: { negative: 'P1' } });
		expect(parsePriorityMatrix('  ')).toBeNull();
		expect(parsePriorityMatrix(null)).toBeNull();
		expect(parsePriorityMatrix({ easy: { negative: 'P2' } })).toEqual({ easy: { negative: 'P2' } });
	});

	it('refuses a matrix override that is not JSON or not a matrix', () => {
		expect(feedbackError(() => parsePriorityMatrix('{ passive: P1 }')).message).toMatch(/not valid JSON/);
		const error = feedbackError(() => parsePriorityMatrix('{ "passive": { "negative": "urgent" } }'));
		expect(error.message).toMatch(/must be P1, P2, P3 or P4/);
		expect(error.field).toBe('priority.matrix.passive.negative');
	});
});
