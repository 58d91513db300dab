import { simulateAlerts } from '../../nodes/core/alertSimulation';

let sequence = 0;
const response = (submittedAt: string | null, customerId: string, touchpoint: string, category = 'detractor', revision = 1, id?: string) => ({
	feedback: { id: id ?? `custom-json:${++sequence}`, revision, submittedAt, touchpoint, respondent: { customerId } },
	classification: { category },
});

/** A small rule set: detractors alert the touchpoint's owner. */
const verdict = (item: unknown) => {
	const { feedback, classification } = item as ReturnType<typeof response>;
	if (classification.category !== 'detractor') return null;
	return { rule: 'Detractor', owner: feedback.touchpoint === 'delivery' ? 'Delivery lead' : 'Store manager' };
};

describe('simulate mode', () => {
	it('counts alerts per rule and owner per day, with each owner’s busiest day', () => {
		const summary = simulateAlerts(
			[
				response('2026-11-02T09:00:00Z', 'A', 'delivery'),
				response('2026-11-02T10:00:00Z', 'B', 'delivery'),
				response('2026-11-03T10:00:00Z', 'C', 'delivery'),
				response('2026-11-03T11:00:00Z', 'D', 'store'),
				response('2026-11-03T12:00:00Z', 'E', 'store', 'promoter'),
			],
			{ verdict, cooldownHours: 24 },
		);
		expect(summary).toMatchObject({ responses: 5, alerts: 4, suppressed: 0, noAlert: 1, days: 2 });
		expect(summary.byRule.Detractor.byDay).toEqual({ '2026-11-02': 2, '2026-11-03': 2 });
		expect(summary.byOwner['Delivery lead']).toMatchObject({ alerts: 3, busiestDay: '2026-11-02', busiestDayAlerts: 2, alertsPerDay: 1.5 });
		expect(summary.byOwner['Store manager']).toMatchObject({ alerts: 1, busiestDay: '2026-11-03' });
	});

	it('applies the cooldown in submission order, whatever the batch order, and lets it expire', () => {
		const summary = simulateAlerts(
			[
				response('2026-11-03T08:00:00Z', 'A', 'delivery'), // 23 h after the first: suppressed
				response('2026-11-02T09:00:00Z', 'A', 'delivery'),
				response('2026-11-03T09:30:00Z', 'A', 'delivery'), // 24.5 h after the first: alerts again
			],
			{ verdict, cooldownHours: 24 },
		);
		expect(summary).toMatchObject({ alerts: 2, suppressed: 1 });
		expect(summary.byOwner['Delivery lead']).toMatchObject({ alerts: 2, suppressed: 1 });
	});

	it('counts a revision of an alerted response as an update, not a new alert', () => {
		const summary = simulateAlerts(
			[response('2026-11-02T09:00:00Z', 'A', 'delivery', 'detractor', 1, 'delighted:7'), response('2026-11-02T09:05:00Z', 'A', 'delivery', 'detractor', 2, 'delighted:7')],
			{ verdict, cooldownHours: 24 },
		);
		expect(summary).toMatchObject({ alerts: 1, updates: 1, suppressed: 0 });
	});

	it('counts days in the programme’s own time zone', () => {
		const summary = simulateAlerts([response('2026-11-02T23:30:00Z', 'A', 'delivery')], { verdict, cooldownHours: 0, zone: 'Europe/Paris' });
		expect(summary.byOwner['Delivery lead'].byDay).toEqual({ '2026-11-03': 1 });
	});

	it('puts each response on its own local day around midnight, across a change of clocks, and for half-hour zones', () => {
		const around = ['2026-10-24T21:59:59Z', '2026-10-24T22:00:00Z', '2026-10-25T22:59:59Z', '2026-10-25T23:00:00Z', '2026-10-26T00:14:59+01:00'];
		const paris = simulateAlerts(around.map((at, n) => response(at, `P${n}`, 'delivery')), { verdict, cooldownHours: 0, zone: 'Europe/Paris' });
		// Paris leaves summer time on 25 October: midnight is 22:00 UTC before, 23:00 UTC after.
		expect(paris.byOwner['Delivery lead'].byDay).toEqual({ '2026-10-24': 1, '2026-10-25': 2, '2026-10-26': 2 });
		const kolkata = simulateAlerts(
			['2026-11-02T18:29:59Z', '2026-11-02T18:30:00Z'].map((at, n) => response(at, `K${n}`, 'delivery')),
			{ verdict, cooldownHours: 0, zone: 'Asia/Kolkata' },
		);
		expect(kolkata.byOwner['Delivery lead'].byDay).toEqual({ '2026-11-02': 1, '2026-11-03': 1 });
	});

	it('refuses a time zone it does not know, naming it', () => {
		expect(() => simulateAlerts([], { verdict, cooldownHours: 0, zone: 'Europe/Lyon' })).toThrow('Time zone "Europe/Lyon" is not a known IANA zone');
	});

	it('keeps responses without a submission time, counted apart', () => {
		const summary = simulateAlerts([response(null, 'A', 'delivery'), response('2026-11-02T09:00:00Z', 'B', 'delivery')], { verdict, cooldownHours: 24 });
		expect(summary).toMatchObject({ responses: 2, undated: 1, alerts: 2 });
	});
});
