export { CalendarSchema, IntervalSchema, ClosureSchema, WeekdaySchema, WEEKDAYS, isTimeZone, type Calendar, type CalendarInput, type Interval, type Weekday } from './schema';
export { BusinessCalendar, businessCalendar, type OpenInterval } from './business-calendar';
export { publicHolidays, knowsRegion, type ClosedRange } from './holidays';
