/**
 * Public holidays computed per calendar and year, for the business-hours clock (issue 11).
 *
 * A calendar's list is its days *off*: every legal holiday on its own date, plus the substitute or observed day
 * the law moves it to when it falls on a weekend (marked in the name). Both are listed because a team that works
 * Saturdays is still closed on a Saturday Christmas, while a Monday-to-Friday clock ignores weekend entries anyway.
 *
 * Each calendar applies today's statutory rules to every supported year (1900–2199), except where a date of
 * adoption is named below: SLA data is recent, and older rules (e.g. the UK's Whit Monday before 1971) are not kept.
 */
import { DateTime } from 'luxon';
import { FeedbackError } from './feedback';

export interface PublicHoliday {
	/** The calendar day, YYYY-MM-DD, in the calendar's own country (no time zone: the clock applies its own). */
	date: string;
	name: string;
}

export interface CalendarDate {
	year: number;
	month: number;
	day: number;
}

export const HOLIDAY_CALENDARS = [
	{ id: 'be', label: 'Belgium' },
	{ id: 'ca-qc', label: 'Canada: Quebec' },
	{ id: 'ch', label: 'Switzerland (days common to almost all cantons)' },
	{ id: 'fr', label: 'France' },
	{ id: 'fr-alsace-moselle', label: 'France: Alsace-Moselle' },
	{ id: 'gb-eaw', label: 'United Kingdom: England and Wales' },
	{ id: 'gb-nir', label: 'United Kingdom: Northern Ireland' },
	{ id: 'gb-sct', label: 'United Kingdom: Scotland' },
	{ id: 'us', label: 'United States (federal)' },
] as const;

export type HolidayCalendarId = (typeof HOLIDAY_CALENDARS)[number]['id'];

export const FIRST_SUPPORTED_YEAR = 1900;
export const LAST_SUPPORTED_YEAR = 2199;

const MONDAY = 1;
const THURSDAY = 4;
const SATURDAY = 6;
const SUNDAY = 7;

function checkYear(year: number): void {
	if (!Number.isInteger(year) || year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR) {
		throw new FeedbackError(
			`Holiday year ${String(year)} is not supported: give a whole year from ${FIRST_SUPPORTED_YEAR} to ${LAST_SUPPORTED_YEAR}`,
			'year',
		);
	}
}

/** Easter Sunday in the Gregorian calendar (the "Anonymous Gregorian" computus, as given by Meeus). */
export function easterSunday(year: number): CalendarDate {
	checkYear(year);
	const a = year % 19;
	const b = Math.floor(year / 100);
	const c = year % 100;
	const d = Math.floor(b / 4);
	const e = b % 4;
	const f = Math.floor((b + 8) / 25);
	const g = Math.floor((b - f + 1) / 3);
	const h = (19 * a + b - d - g + 15) % 30;
	const i = Math.floor(c / 4);
	const k = c % 4;
	const l = (32 + 2 * e + 2 * i - h - k) % 7;
	const m = Math.floor((a + 11 * h + 22 * l) / 451);
	const month = Math.floor((h + l - 7 * m + 114) / 31);
	const day = ((h + l - 7 * m + 114) % 31) + 1;
	return { year, month, day };
}

// Plain dates as luxon DateTimes at midnight UTC: no zone, so no DST, only calendar arithmetic.
const on = (year: number, month: number, day: number) => DateTime.utc(year, month, day);
const isoDate = (date: DateTime) => date.toISODate() as string;
const isWeekend = (date: DateTime) => date.weekday === SATURDAY || date.weekday === SUNDAY;

/** The nth (1-based) given weekday (1 = Monday … 7 = Sunday) of a month. */
function nthWeekday(year: number, month: number, weekday: number, nth: number): DateTime {
	const first = on(year, month, 1);
	return first.plus({ days: ((weekday - first.weekday + 7) % 7) + 7 * (nth - 1) });
}

function lastWeekday(year: number, month: number, weekday: number): DateTime {
	const last = on(year, month, 1).endOf('month').startOf('day');
	return last.minus({ days: (last.weekday - weekday + 7) % 7 });
}

function fromEaster(year: number, days: number): DateTime {
	const easter = easterSunday(year);
	return on(easter.year, easter.month, easter.day).plus({ days });
}

interface DatedHoliday {
	date: DateTime;
	name: string;
}

const holiday = (date: DateTime, name: string): DatedHoliday => ({ date, name });

/**
 * France: Code du travail, art. L3133-1 (the 11 jours fériés). Alsace-Moselle (Bas-Rhin, Haut-Rhin, Moselle) adds
 * Good Friday and 26 December under art. L3134-13 (local law); they are in 'fr-alsace-moselle' only. No substitute
 * days: a holiday on a weekend is simply lost.
 */
function france(year: number): DatedHoliday[] {
	return [
		holiday(on(year, 1, 1), "Jour de l'an"),
		holiday(fromEaster(year, 1), 'Lundi de Pâques'),
		holiday(on(year, 5, 1), 'Fête du Travail'),
		holiday(on(year, 5, 8), 'Victoire 1945'),
		holiday(fromEaster(year, 39), 'Ascension'),
		holiday(fromEaster(year, 50), 'Lundi de Pentecôte'),
		holiday(on(year, 7, 14), 'Fête nationale'),
		holiday(on(year, 8, 15), 'Assomption'),
		holiday(on(year, 11, 1), 'Toussaint'),
		holiday(on(year, 11, 11), 'Armistice 1918'),
		holiday(on(year, 12, 25), 'Noël'),
	];
}

function franceAlsaceMoselle(year: number): DatedHoliday[] {
	return [
		...france(year),
		holiday(fromEaster(year, -2), 'Vendredi saint'),
		holiday(on(year, 12, 26), 'Saint-Étienne'),
	];
}

/**
 * Belgium: the 10 legal holidays of the Arrêté royal of 18 April 1974 (loi du 4 janvier 1974; employment.belgium.be).
 * There is no public substitute day: a holiday on a Sunday or a usual day of rest is replaced (art. 6 of the law) by
 * a working day that the joint committee or the employer sets, by default the company's next working day. That day
 * is not a public holiday and differs by employer, so it is not computed here (put it in the clock's own list). In
 * 2008, when Ascension fell on 1 May, a royal decree set a replacement day for that year only; it is not kept.
 */
function belgium(year: number): DatedHoliday[] {
	return [
		holiday(on(year, 1, 1), 'Nouvel An'),
		holiday(fromEaster(year, 1), 'Lundi de Pâques'),
		holiday(on(year, 5, 1), 'Fête du Travail'),
		holiday(fromEaster(year, 39), 'Ascension'),
		holiday(fromEaster(year, 50), 'Lundi de Pentecôte'),
		holiday(on(year, 7, 21), 'Fête nationale'),
		holiday(on(year, 8, 15), 'Assomption'),
		holiday(on(year, 11, 1), 'Toussaint'),
		holiday(on(year, 11, 11), 'Armistice'),
		holiday(on(year, 12, 25), 'Noël'),
	];
}

/**
 * Switzerland: only 1 August is federal (Federal Constitution, art. 110 para. 3); the cantons set the rest. 'ch' is
 * the days kept by almost all 26 cantons: New Year, Ascension, 1 August and Christmas everywhere; Good Friday except
 * Ticino and Valais; Easter and Whit Monday except Valais; 26 December in 21 of the 26 (cantonal tables, e.g. the
 * "Public holidays in Switzerland" table). Cantonal days (2 January, Corpus Christi, 1 May, 15 August, 1 November,
 * Jeûne genevois…) and the cantons' own exceptions are for the clock's own holiday list.
 */
function switzerland(year: number): DatedHoliday[] {
	return [
		holiday(on(year, 1, 1), 'Neujahrstag / Nouvel An'),
		holiday(fromEaster(year, -2), 'Karfreitag / Vendredi saint'),
		holiday(fromEaster(year, 1), 'Ostermontag / Lundi de Pâques'),
		holiday(fromEaster(year, 39), 'Auffahrt / Ascension'),
		holiday(fromEaster(year, 50), 'Pfingstmontag / Lundi de Pentecôte'),
		holiday(on(year, 8, 1), 'Bundesfeier / Fête nationale'),
		holiday(on(year, 12, 25), 'Weihnachten / Noël'),
		holiday(on(year, 12, 26), 'Stephanstag / Saint-Étienne'),
	];
}

/** A holiday the law moves to the next day when it falls on a Sunday; both days are listed. */
function movedOffSunday(date: DateTime, name: string): DatedHoliday[] {
	return date.weekday === SUNDAY ? [holiday(date, name), holiday(date.plus({ days: 1 }), `${name} (observed)`)] : [holiday(date, name)];
}

/**
 * Quebec: Act respecting labour standards (CQLR c. N-1.1), s. 60, and the National Holiday Act (c. F-1.1): 24 June,
 * or 25 June when the 24th is a Sunday; 1 July, or 2 July when the 1st is a Sunday. The Act lets the employer give
 * Good Friday or Easter Monday; Good Friday is computed (add Easter Monday to the clock's list if yours gives it).
 */
function quebec(year: number): DatedHoliday[] {
	return [
		holiday(on(year, 1, 1), "Jour de l'An"),
		holiday(fromEaster(year, -2), 'Vendredi saint'),
		// The Monday before 25 May: the Monday of the week ending on the 24th, even when the 25th is itself a Monday.
		holiday(on(year, 5, 24).minus({ days: (on(year, 5, 24).weekday - MONDAY + 7) % 7 }), 'Journée nationale des patriotes'),
		...movedOffSunday(on(year, 6, 24), 'Fête nationale du Québec'),
		...movedOffSunday(on(year, 7, 1), 'Fête du Canada'),
		holiday(nthWeekday(year, 9, MONDAY, 1), 'Fête du Travail'),
		holiday(nthWeekday(year, 10, MONDAY, 2), "Action de grâce"),
		holiday(on(year, 12, 25), 'Noël'),
	];
}

type UkRegion = 'eaw' | 'sct' | 'nir';

/**
 * One-off UK bank holidays by royal proclamation (gov.uk/bank-holidays), for every region. `replaces` names the
 * regular holiday moved that year.
 */
const UK_PROCLAIMED: Array<{ date: string; name: string; replaces?: string }> = [
	// 75th anniversary of VE Day: the Early May holiday moved from Monday 4 May to Friday 8 May.
	{ date: '2020-05-08', name: 'Early May bank holiday (VE day)', replaces: 'Early May bank holiday' },
	// Platinum Jubilee: the Spring holiday moved from 30 May to Thursday 2 June, and Friday 3 June added.
	{ date: '2022-06-02', name: 'Spring bank holiday', replaces: 'Spring bank holiday' },
	{ date: '2022-06-03', name: 'Platinum Jubilee bank holiday' },
	{ date: '2022-09-19', name: 'Bank Holiday for the State Funeral of Queen Elizabeth II' },
	{ date: '2023-05-08', name: 'Bank holiday for the coronation of King Charles III' },
];

/**
 * UK bank holidays: Banking and Financial Dealings Act 1971, sch. 1, with the substitute days of gov.uk/bank-holidays
 * (St Andrew's Day: St Andrew's Day Bank Holiday (Scotland) Act 2007). A holiday on a weekend gets the next weekday
 * that is not already a holiday, so Christmas and Boxing Day on a weekend give 27 and 28 December. Easter Monday is
 * not a bank holiday in Scotland. Early May (first Monday) dates from 1978: earlier years get it too.
 */
function unitedKingdom(region: UkRegion, year: number): DatedHoliday[] {
	const regular = [
		holiday(on(year, 1, 1), "New Year's Day"),
		...(region === 'sct' ? [holiday(on(year, 1, 2), '2nd January')] : []),
		...(region === 'nir' ? [holiday(on(year, 3, 17), "St Patrick's Day")] : []),
		holiday(fromEaster(year, -2), 'Good Friday'),
		...(region === 'sct' ? [] : [holiday(fromEaster(year, 1), 'Easter Monday')]),
		holiday(nthWeekday(year, 5, MONDAY, 1), 'Early May bank holiday'),
		holiday(lastWeekday(year, 5, MONDAY), 'Spring bank holiday'),
		...(region === 'nir' ? [holiday(on(year, 7, 12), "Battle of the Boyne (Orangemen's Day)")] : []),
		holiday(region === 'sct' ? nthWeekday(year, 8, MONDAY, 1) : lastWeekday(year, 8, MONDAY), 'Summer bank holiday'),
		...(region === 'sct' ? [holiday(on(year, 11, 30), "St Andrew's Day")] : []),
		holiday(on(year, 12, 25), 'Christmas Day'),
		holiday(on(year, 12, 26), 'Boxing Day'),
	];
	const proclaimed = UK_PROCLAIMED.filter((entry) => entry.date.startsWith(`${year}-`));
	const replaced = new Set(proclaimed.map((entry) => entry.replaces));
	const holidays = [
		...regular.filter((entry) => !replaced.has(entry.name)),
		...proclaimed.map((entry) => holiday(DateTime.fromISO(entry.date, { zone: 'utc' }), entry.name)),
	].sort((a, b) => a.date.toMillis() - b.date.toMillis());
	return [...holidays, ...substituteDays(holidays)];
}

/** The next weekday not already a holiday, for each weekend holiday in date order. */
function substituteDays(holidays: DatedHoliday[]): DatedHoliday[] {
	const taken = new Set(holidays.filter((entry) => !isWeekend(entry.date)).map((entry) => isoDate(entry.date)));
	const substitutes: DatedHoliday[] = [];
	for (const entry of holidays.filter((candidate) => isWeekend(candidate.date))) {
		let day = entry.date.plus({ days: 1 });
		while (isWeekend(day) || taken.has(isoDate(day))) day = day.plus({ days: 1 });
		taken.add(isoDate(day));
		substitutes.push(holiday(day, `${entry.name} (substitute day)`));
	}
	return substitutes;
}

/** US federal holidays of a year as the law dates them (5 U.S.C. 6103(a)), before the observed-day rule. */
function usFederalDates(year: number): DatedHoliday[] {
	return [
		holiday(on(year, 1, 1), "New Year's Day"),
		// Observed from 1986 (Pub. L. 98-144).
		...(year >= 1986 ? [holiday(nthWeekday(year, 1, MONDAY, 3), 'Birthday of Martin Luther King, Jr.')] : []),
		holiday(nthWeekday(year, 2, MONDAY, 3), "Washington's Birthday"),
		holiday(lastWeekday(year, 5, MONDAY), 'Memorial Day'),
		// Juneteenth National Independence Day Act, signed 17 June 2021, in force for 2021 already.
		...(year >= 2021 ? [holiday(on(year, 6, 19), 'Juneteenth National Independence Day')] : []),
		holiday(on(year, 7, 4), 'Independence Day'),
		holiday(nthWeekday(year, 9, MONDAY, 1), 'Labor Day'),
		holiday(nthWeekday(year, 10, MONDAY, 2), 'Columbus Day'),
		holiday(on(year, 11, 11), 'Veterans Day'),
		holiday(nthWeekday(year, 11, THURSDAY, 4), 'Thanksgiving Day'),
		holiday(on(year, 12, 25), 'Christmas Day'),
	];
}

/**
 * US federal (5 U.S.C. 6103; Executive Order 11582 and 5 U.S.C. 6103(b) for the observed day, as OPM publishes it):
 * a holiday on a Saturday is observed the Friday before, on a Sunday the Monday after. New Year's Day on a Saturday
 * is observed on 31 December of the year before, so that day is in the earlier year's list. Inauguration Day is a
 * holiday only around Washington, D.C., and is left out.
 */
function unitedStates(year: number): DatedHoliday[] {
	const observed = (entry: DatedHoliday): DatedHoliday[] => {
		const shift = entry.date.weekday === SATURDAY ? -1 : entry.date.weekday === SUNDAY ? 1 : 0;
		return shift === 0 ? [] : [holiday(entry.date.plus({ days: shift }), `${entry.name} (observed)`)];
	};
	const nextNewYear = holiday(on(year + 1, 1, 1), "New Year's Day");
	return [...usFederalDates(year), ...usFederalDates(year).flatMap(observed), ...observed(nextNewYear)].filter(
		(entry) => entry.date.year === year,
	);
}

const CALENDAR_RULES: Record<HolidayCalendarId, (year: number) => DatedHoliday[]> = {
	be: belgium,
	'ca-qc': quebec,
	ch: switzerland,
	fr: france,
	'fr-alsace-moselle': franceAlsaceMoselle,
	'gb-eaw': (year) => unitedKingdom('eaw', year),
	'gb-nir': (year) => unitedKingdom('nir', year),
	'gb-sct': (year) => unitedKingdom('sct', year),
	us: unitedStates,
};

export function isHolidayCalendarId(calendar: string): calendar is HolidayCalendarId {
	return Object.prototype.hasOwnProperty.call(CALENDAR_RULES, calendar);
}

/** The days off of a calendar in a year, sorted by date. */
export function publicHolidays(calendar: string, year: number): PublicHoliday[] {
	if (!isHolidayCalendarId(calendar)) {
		throw new FeedbackError(
			`Holiday calendar "${calendar}" is not known: use one of ${HOLIDAY_CALENDARS.map((entry) => entry.id).join(', ')}`,
			'holidayCalendar',
		);
	}
	checkYear(year);
	return CALENDAR_RULES[calendar](year)
		.sort((a, b) => a.date.toMillis() - b.date.toMillis())
		.map((entry) => ({ date: isoDate(entry.date), name: entry.name }));
}
