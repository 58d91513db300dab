import { SlaPolicyReader } from '../../nodes/shared/businessCalendarFields';
import { feedbackError } from './expectations';

const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];

/** A reader over fixed editor values, as n8n's getNodeParameter would give them. */
function reader(values: Record<string, unknown>): SlaPolicyReader {
	const settings: Record<string, unknown> = {
		durationAmount: 8,
		durationUnit: 'businessHours',
		timeZone: 'Europe/Paris',
		workingHours: { ranges: [{ days: weekdays, start: '09:00', end: '18:00' }] },
		publicHolidays: ['fr'],
		otherDaysOff: '',
		policyName: '',
		...values,
	};
	return new SlaPolicyReader((name, _itemIndex, fallback) => settings[name] ?? fallback, 'America/Montreal');
}

describe('reading an SLA policy from the editor', () => {
	it('builds the calendar from rows of days, with holidays, and names the policy after its duration', () => {
		const policy = reader({
			workingHours: { ranges: [{ days: weekdays, start: '09:00', end: '12:30' }, { days: ['monday', 'friday'], start: '13:30', end: '17:00' }] },
			otherDaysOff: '2026-12-24, 2026-12-31',
		}).read(0, 0.75);
		expect(policy.name).toBe('8 business hours');
		expect(policy.calendar.zone).toBe('Europe/Paris');
		expect(policy.calendar.week.monday).toEqual([{ start: '09:00', end: '12:30' }, { start: '13:30', end: '17:00' }]);
		expect(policy.calendar.week.tuesday).toEqual([{ start: '09:00', end: '12:30' }]);
		expect(policy.calendar.holidays).toEqual(['2026-12-24', '2026-12-31']);
		expect(policy.calendar.publicHolidays).toEqual(['fr']);
		expect(policy.atRiskShare).toBe(0.75);
	});

	it('falls back to the workflow’s time zone, and shares one parsed calendar between items', () => {
		const policies = reader({ timeZone: '' });
		expect(policies.read(0, null).calendar.zone).toBe('America/Montreal');
		expect(policies.read(1, null).calendar).toBe(policies.read(0, null).calendar);
	});

	it.each([
		[{ timeZone: 'Mars/Olympus' }, 'Time Zone: "Mars/Olympus" is not an IANA time zone, such as Europe/Paris'],
		[{ durationAmount: 0 }, /^Duration: /],
		[{ durationAmount: 1.5, durationUnit: 'businessDays' }, 'Duration: must be a whole number of days'],
		[{ otherDaysOff: '2026-02-30' }, 'Other Days Off: must be a real date YYYY-MM-DD'],
		[{ workingHours: { ranges: [{ days: ['tuesday'], start: '18:00', end: '09:00' }] } }, 'Working Hours (Tuesday): To: must be after the start'],
		[{ workingHours: { ranges: [{ days: ['friday'], start: '9h', end: '17:00' }] } }, /^Working Hours \(Friday\): From: must be a time HH:mm from 00:00 to 23:59/],
		[{ workingHours: { ranges: [] } }, 'Working Hours: add at least one row of opening hours, or count calendar hours'],
	])('words a bad setting %p with the editor’s field names', (values, expected) => {
		const error = feedbackError(() => reader(values).read(0, null));
		if (typeof expected === 'string') expect(error.message).toBe(expected);
		else expect(error.message).toMatch(expected);
		expect(error.message).not.toMatch(/calendar\.|"zone"|week/);
	});
});
