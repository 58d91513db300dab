/**
 * The editor fields of an SLA policy (duration, working hours, time zone, days off), shared by the nodes that run
 * the business-hours clock, and their reading into a core `SlaPolicy`.
 */
import type { IDataObject, IDisplayOptions, INodeProperties } from 'n8n-workflow';

import type { OpenRange, SlaUnit, Weekday } from '../core/businessHours';
import { WEEKDAYS, parseBusinessCalendar, parseSlaDuration } from '../core/businessHours';
import { FeedbackError } from '../core/feedback';
import { HOLIDAY_CALENDARS } from '../core/publicHolidays';
import type { SlaPolicy } from '../core/sla';
import { describeDuration, isBusinessUnit } from '../core/sla';

const WEEKDAY_NAMES: Record<Weekday, string> = {
	monday: 'Monday',
	tuesday: 'Tuesday',
	wednesday: 'Wednesday',
	thursday: 'Thursday',
	friday: 'Friday',
	saturday: 'Saturday',
	sunday: 'Sunday',
};

const businessUnitsOnly = (show: IDisplayOptions['show']): IDisplayOptions => ({
	show: { ...show, durationUnit: ['businessHours', 'businessDays'] },
});

/** The policy fields, shown under `show` (for example one mode of a node). */
export function slaPolicyProperties(show: IDisplayOptions['show'] = {}): INodeProperties[] {
	const displayOptions: IDisplayOptions = { show };
	return [
		{
			displayName: 'Policy Name',
			name: 'policyName',
			type: 'string',
			default: '',
			placeholder: 'First contact within 2 business days',
			description: 'How escalations and reports name this SLA. Left empty, it is named after its duration.',
			displayOptions,
		},
		{
			displayName: 'Duration',
			name: 'durationAmount',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 48,
			description: 'How long the owner has, in the unit below',
			displayOptions,
		},
		{
			displayName: 'Unit',
			name: 'durationUnit',
			type: 'options',
			options: [
				{ name: 'Business Days', value: 'businessDays', description: 'Whole open days: 2 business days from Tuesday 10:00 is Thursday 10:00' },
				{ name: 'Business Hours', value: 'businessHours', description: 'Only the working hours below count' },
				{ name: 'Calendar Days', value: 'calendarDays', description: 'Every day counts; the time of day stays the same across clock changes' },
				{ name: 'Calendar Hours', value: 'calendarHours', description: 'Every hour counts, nights and weekends included' },
			],
			default: 'businessHours',
			displayOptions,
		},
		{
			displayName: 'Time Zone',
			name: 'timeZone',
			type: 'string',
			default: '',
			placeholder: 'Europe/Paris',
			description: 'The team’s time zone, as an IANA name. Left empty, the workflow’s time zone is used.',
			displayOptions,
		},
		{
			displayName: 'Working Hours',
			name: 'workingHours',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Opening Hours',
			description: 'When the team works. Add several rows for a lunch break or different days.',
			default: { ranges: [{ days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], start: '09:00', end: '18:00' }] },
			displayOptions: businessUnitsOnly(show),
			options: [
				{
					displayName: 'Opening Hours',
					name: 'ranges',
					values: [
						{
							displayName: 'Days',
							name: 'days',
							type: 'multiOptions',
							options: WEEKDAYS.map((day) => ({ name: WEEKDAY_NAMES[day], value: day })),
							default: [],
						},
						{
							displayName: 'From',
							name: 'start',
							type: 'string',
							default: '09:00',
							placeholder: '09:00',
							description: 'Opening time, 24-hour HH:mm',
						},
						{
							displayName: 'To',
							name: 'end',
							type: 'string',
							default: '18:00',
							placeholder: '18:00',
							description: 'Closing time, 24-hour HH:mm (24:00 for midnight)',
						},
					],
				},
			],
		},
		{
			displayName: 'Public Holidays',
			name: 'publicHolidays',
			type: 'multiOptions',
			options: [...HOLIDAY_CALENDARS]
				.sort((a, b) => a.label.localeCompare(b.label))
				.map((calendar) => ({ name: calendar.label, value: calendar.id })),
			default: [],
			description:
				'Countries whose public holidays are days off, with the substitute days where the law has them. Swiss cantonal holidays vary: add yours below.',
			displayOptions: businessUnitsOnly(show),
		},
		{
			displayName: 'Other Days Off',
			name: 'otherDaysOff',
			type: 'string',
			default: '',
			placeholder: '2026-12-24, 2026-12-31',
			description: 'Dates the team is closed, YYYY-MM-DD, separated by commas',
			displayOptions: businessUnitsOnly(show),
		},
	];
}

/** Reads one item's policy; a calendar is parsed once per distinct setting, since parsing warms its clock. */
export class SlaPolicyReader {
	private readonly calendars = new Map<string, SlaPolicy['calendar']>();

	constructor(
		private readonly parameter: (name: string, itemIndex: number, fallback: unknown) => unknown,
		private readonly workflowZone: string,
	) {}

	read(itemIndex: number, atRiskShare: number | null): SlaPolicy {
		let problem: unknown;
		try {
			return this.policyOf(itemIndex, atRiskShare);
		} catch (error) {
			problem = error;
		}
		throw problem instanceof FeedbackError ? inEditorTerms(problem) : problem;
	}

	private policyOf(itemIndex: number, atRiskShare: number | null): SlaPolicy {
		const unit = this.parameter('durationUnit', itemIndex, 'businessHours') as SlaUnit;
		const duration = parseSlaDuration({ amount: this.parameter('durationAmount', itemIndex, 48), unit }, 'duration');
		const zone = String(this.parameter('timeZone', itemIndex, '') ?? '').trim() || this.workflowZone;
		const business = isBusinessUnit(unit);
		const ranges = business ? (((this.parameter('workingHours', itemIndex, {}) as IDataObject).ranges ?? []) as IDataObject[]) : [];
		const publicHolidays = business ? (this.parameter('publicHolidays', itemIndex, []) as string[]) : [];
		const otherDaysOff = business ? String(this.parameter('otherDaysOff', itemIndex, '') ?? '') : '';
		const raw = {
			zone,
			week: business ? weekOf(ranges) : { monday: [{ start: '00:00', end: '24:00' }] },
			holidays: otherDaysOff.split(/[\s,;]+/).filter(Boolean),
			publicHolidays,
		};
		const key = JSON.stringify(raw);
		let calendar = this.calendars.get(key);
		if (!calendar) {
			calendar = parseBusinessCalendar(raw, 'calendar');
			this.calendars.set(key, calendar);
		}
		const name = String(this.parameter('policyName', itemIndex, '') ?? '').trim() || describeDuration(duration);
		return { name, calendar, duration, atRiskShare };
	}
}

function weekOf(rows: IDataObject[]): Record<string, OpenRange[]> {
	if (rows.length === 0) throw new FeedbackError('Working Hours: add at least one row of opening hours, or count calendar hours', 'workingHours');
	const week: Record<string, OpenRange[]> = {};
	rows.forEach((row, index) => {
		const days = (row.days ?? []) as string[];
		if (days.length === 0) throw new FeedbackError(`Working Hours, row ${index + 1}: pick at least one day`, `workingHours.${index}.days`);
		for (const day of days) (week[day] ??= []).push({ start: String(row.start ?? '').trim(), end: String(row.end ?? '').trim() });
	});
	return week;
}

/** The editor field a clock error is about, from the path the clock names. */
function editorLabel(field: string): string {
	const [root, part, day, , time] = field.split('.');
	if (root === 'duration') return part === 'unit' ? 'Unit' : 'Duration';
	if (part === 'zone') return 'Time Zone';
	if (part === 'holidays') return 'Other Days Off';
	if (part === 'publicHolidays') return 'Public Holidays';
	if (part === 'week' && day) {
		const dayName = WEEKDAY_NAMES[day as Weekday] ?? day;
		return time ? `Working Hours (${dayName}): ${time === 'start' ? 'From' : 'To'}` : `Working Hours (${dayName})`;
	}
	return part === 'week' ? 'Working Hours' : field;
}

/** A clock error reworded with the editor's field names, which is what the person fixing it sees. */
function inEditorTerms(error: FeedbackError): FeedbackError {
	const prefix = `${error.field}: `;
	if (!error.message.startsWith(prefix)) return error;
	const label = editorLabel(error.field);
	return new FeedbackError(`${label}: ${error.message.slice(prefix.length)}`, error.field, label === error.field ? error.hint : undefined);
}
