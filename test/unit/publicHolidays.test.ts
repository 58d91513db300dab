import { FeedbackError } from '../../nodes/core/feedback';
import { HOLIDAY_CALENDARS, easterSunday, publicHolidays } from '../../nodes/core/publicHolidays';

const datesOf = (calendar: string, year: number) => publicHolidays(calendar, year).map((entry) => entry.date);
const nameOn = (calendar: string, date: string) =>
	publicHolidays(calendar, Number(date.slice(0, 4)))
		.filter((entry) => entry.date === date)
		.map((entry) => entry.name);

describe('Easter Sunday', () => {
	// Published Easter dates (Western, Gregorian), e.g. the tables of the US Naval Observatory and timeanddate.com.
	it.each([
		[1900, 4, 15],
		[1943, 4, 25], // the latest possible date
		[2000, 4, 23],
		[2008, 3, 23], // early
		[2011, 4, 24], // late
		[2019, 4, 21],
		[2020, 4, 12],
		[2024, 3, 31],
		[2025, 4, 20],
		[2026, 4, 5],
		[2027, 3, 28],
		[2029, 4, 1],
		[2038, 4, 25],
	])('in %i is %i/%i', (year, month, day) => {
		expect(easterSunday(year)).toEqual({ year, month, day });
	});

	it('refuses years out of range or not whole, naming the year', () => {
		expect(() => easterSunday(2285)).toThrow(FeedbackError);
		expect(() => easterSunday(2285)).toThrow(/2285.*1900 to 2199/);
		expect(() => easterSunday(1800)).toThrow(/1800/);
		expect(() => easterSunday(2.5)).toThrow(/2\.5/);
		expect(() => easterSunday(Number.NaN)).toThrow(/NaN/);
	});
});

describe('the calendars offered', () => {
	it('are sorted by id, each with a label, and each computes', () => {
		const ids = HOLIDAY_CALENDARS.map((entry) => entry.id);
		expect(ids).toEqual([...ids].sort());
		expect(ids).toEqual(expect.arrayContaining(['be', 'ca-qc', 'ch', 'fr', 'gb-eaw', 'gb-nir', 'gb-sct', 'us']));
		for (const { id, label } of HOLIDAY_CALENDARS) {
			expect(label.length).toBeGreaterThan(2);
			const dates = datesOf(id, 2026);
			expect(dates.length).toBeGreaterThanOrEqual(8);
			expect(dates).toEqual([...dates].sort());
			expect(dates.every((date) => date.startsWith('2026-'))).toBe(true);
		}
	});

	it('refuses an unknown calendar, naming it and the known ones, and a bad year', () => {
		expect(() => publicHolidays('de', 2026)).toThrow(FeedbackError);
		expect(() => publicHolidays('de', 2026)).toThrow(/"de".*be, ca-qc, ch, fr.*us/);
		expect(() => publicHolidays('toString', 2026)).toThrow(/"toString" is not known/);
		expect(() => publicHolidays('fr', 1800)).toThrow(/1800/);
		expect(() => publicHolidays('gb-eaw', 2.5)).toThrow(/2\.5/);
	});
});

describe('France', () => {
	// service-public.fr, "Jours fériés 2026" (Code du travail L3133-1).
	it('2026', () => {
		expect(datesOf('fr', 2026)).toEqual([
			'2026-01-01', '2026-04-06', '2026-05-01', '2026-05-08', '2026-05-14', '2026-05-25',
			'2026-07-14', '2026-08-15', '2026-11-01', '2026-11-11', '2026-12-25',
		]);
	});

	it('Alsace-Moselle adds Good Friday and 26 December', () => {
		const added = datesOf('fr-alsace-moselle', 2026).filter((date) => !datesOf('fr', 2026).includes(date));
		expect(added).toEqual(['2026-04-03', '2026-12-26']);
	});

	it('keeps both holidays when Ascension falls on 1 May (2008)', () => {
		expect(nameOn('fr', '2008-05-01').sort()).toEqual(['Ascension', 'Fête du Travail']);
	});
});

describe('Belgium', () => {
	// belgium.be, "Jours fériés 2026" (the 10 legal holidays).
	it('2026, without substitute days', () => {
		expect(datesOf('be', 2026)).toEqual([
			'2026-01-01', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25',
			'2026-07-21', '2026-08-15', '2026-11-01', '2026-11-11', '2026-12-25',
		]);
		// 15 August 2026 is a Saturday and 1 November a Sunday: no day is added for them.
		expect(datesOf('be', 2026)).toHaveLength(10);
	});
});

describe('Switzerland', () => {
	// 1 August (federal) and the days kept by almost all cantons, from the cantonal table of holidays 2026.
	it('2026', () => {
		expect(datesOf('ch', 2026)).toEqual([
			'2026-01-01', '2026-04-03', '2026-04-06', '2026-05-14', '2026-05-25', '2026-08-01', '2026-12-25', '2026-12-26',
		]);
	});
});

describe('Quebec', () => {
	// CNESST, "Jours fériés, chômés et payés 2026".
	it('2026', () => {
		expect(datesOf('ca-qc', 2026)).toEqual([
			'2026-01-01', '2026-04-03', '2026-05-18', '2026-06-24', '2026-07-01', '2026-09-07', '2026-10-12', '2026-12-25',
		]);
	});

	// CNESST 2029: 24 June and 1 July are Sundays, so the holidays are Monday 25 June and Monday 2 July.
	it('2029, with the Sunday holidays moved to Monday', () => {
		expect(datesOf('ca-qc', 2029)).toEqual([
			'2029-01-01', '2029-03-30', '2029-05-21', '2029-06-24', '2029-06-25', '2029-07-01', '2029-07-02',
			'2029-09-03', '2029-10-08', '2029-12-25',
		]);
		expect(nameOn('ca-qc', '2029-06-25')).toEqual(['Fête nationale du Québec (observed)']);
	});

	it('keeps the patriotes on the Monday before 25 May, even when the 25th is a Monday', () => {
		// 25 May 2026 is a Monday: the holiday is 18 May (CNESST 2026). 24 May 2027 is a Monday: it is the day.
		expect(nameOn('ca-qc', '2026-05-18')).toEqual(['Journée nationale des patriotes']);
		expect(nameOn('ca-qc', '2027-05-24')).toEqual(['Journée nationale des patriotes']);
	});
});

describe('England and Wales', () => {
	// gov.uk/bank-holidays; weekend holidays themselves are listed too, beside their substitute days.
	it.each([
		[2020, ['2020-01-01', '2020-04-10', '2020-04-13', '2020-05-08', '2020-05-25', '2020-08-31', '2020-12-25', '2020-12-26', '2020-12-28']],
		[2021, ['2021-01-01', '2021-04-02', '2021-04-05', '2021-05-03', '2021-05-31', '2021-08-30', '2021-12-25', '2021-12-26', '2021-12-27', '2021-12-28']],
		[
			2022,
			['2022-01-01', '2022-01-03', '2022-04-15', '2022-04-18', '2022-05-02', '2022-06-02', '2022-06-03', '2022-08-29', '2022-09-19', '2022-12-25', '2022-12-26', '2022-12-27'],
		],
		[2023, ['2023-01-01', '2023-01-02', '2023-04-07', '2023-04-10', '2023-05-01', '2023-05-08', '2023-05-29', '2023-08-28', '2023-12-25', '2023-12-26']],
		[2026, ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-26', '2026-12-28']],
		[2027, ['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-25', '2027-12-26', '2027-12-27', '2027-12-28']],
	])('%i', (year, dates) => {
		expect(datesOf('gb-eaw', year)).toEqual(dates);
	});

	it('names the substitute days and the proclaimed one-offs', () => {
		expect(nameOn('gb-eaw', '2027-12-27')).toEqual(['Christmas Day (substitute day)']);
		expect(nameOn('gb-eaw', '2027-12-28')).toEqual(['Boxing Day (substitute day)']);
		expect(nameOn('gb-eaw', '2022-12-27')).toEqual(['Christmas Day (substitute day)']);
		expect(nameOn('gb-eaw', '2020-05-04')).toEqual([]); // moved to VE Day
		expect(nameOn('gb-eaw', '2022-05-30')).toEqual([]); // moved to 2 June
		expect(nameOn('gb-eaw', '2022-09-19')[0]).toMatch(/State Funeral/);
		expect(nameOn('gb-eaw', '2023-05-08')[0]).toMatch(/coronation/);
	});
});

describe('Scotland', () => {
	// gov.uk/bank-holidays, Scotland 2026: 26 December is a Saturday, so Monday 28 December.
	it('2026', () => {
		expect(datesOf('gb-sct', 2026)).toEqual([
			'2026-01-01', '2026-01-02', '2026-04-03', '2026-05-04', '2026-05-25', '2026-08-03', '2026-11-30',
			'2026-12-25', '2026-12-26', '2026-12-28',
		]);
	});

	// gov.uk, Scotland 2022 and 2023: New Year on a weekend pushes 2 January along (3 and 4 January 2022; 2 and 3 January 2023).
	it('moves both New Year days off the weekend', () => {
		expect(datesOf('gb-sct', 2022).slice(0, 4)).toEqual(['2022-01-01', '2022-01-02', '2022-01-03', '2022-01-04']);
		expect(datesOf('gb-sct', 2023).slice(0, 3)).toEqual(['2023-01-01', '2023-01-02', '2023-01-03']);
		// St Andrew's Day 2025 is a Sunday, so Monday 1 December (gov.uk Scotland 2025).
		expect(nameOn('gb-sct', '2025-12-01')).toEqual(["St Andrew's Day (substitute day)"]);
	});
});

describe('Northern Ireland', () => {
	// gov.uk/bank-holidays, Northern Ireland 2026: 12 July is a Sunday, so Monday 13 July.
	it('2026', () => {
		expect(datesOf('gb-nir', 2026)).toEqual([
			'2026-01-01', '2026-03-17', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-07-12', '2026-07-13',
			'2026-08-31', '2026-12-25', '2026-12-26', '2026-12-28',
		]);
	});
});

describe('United States (federal)', () => {
	// OPM, "Federal Holidays" 2021: Juneteenth observed Fri 18 June, Independence Day Mon 5 July, Christmas Fri 24 December,
	// and New Year's Day 2022 (a Saturday) observed Friday 31 December 2021.
	it('2021', () => {
		expect(datesOf('us', 2021)).toEqual([
			'2021-01-01', '2021-01-18', '2021-02-15', '2021-05-31', '2021-06-18', '2021-06-19', '2021-07-04', '2021-07-05',
			'2021-09-06', '2021-10-11', '2021-11-11', '2021-11-25', '2021-12-24', '2021-12-25', '2021-12-31',
		]);
		expect(nameOn('us', '2021-12-31')).toEqual(["New Year's Day (observed)"]);
	});

	// OPM 2022: New Year's Day observed in 2021; Juneteenth Mon 20 June; Christmas Mon 26 December.
	it('2022', () => {
		expect(datesOf('us', 2022)).toEqual([
			'2022-01-01', '2022-01-17', '2022-02-21', '2022-05-30', '2022-06-19', '2022-06-20', '2022-07-04', '2022-09-05',
			'2022-10-10', '2022-11-11', '2022-11-24', '2022-12-25', '2022-12-26',
		]);
	});

	it('has no Juneteenth before 2021', () => {
		expect(publicHolidays('us', 2020).some((entry) => entry.name.startsWith('Juneteenth'))).toBe(false);
	});

	it('computes the last supported year without reaching past it', () => {
		expect(datesOf('us', 2199).every((date) => date.startsWith('2199-'))).toBe(true);
	});
});
