import type { Messages } from './zh-CN.ts';

type CalendarMessages = Pick<Messages, 'adminWarnings' | 'holidays'>;

export const calendarEn: CalendarMessages = {
  adminWarnings: {
    goHolidays: 'Enter the holidays',
  },
  holidays: {
    title: 'Holidays (business calendar)',
    intro:
      'Review deadlines count working days in Beijing time: weekends and public holidays do not count, weekends worked as 调休 makeup days do. Once the State Council publishes next year’s holidays, enter and publish them here.',
    version: 'In force: policy version {{version}}',
    year: 'Year',
    yearOption: '{{year}}',
    yearMissing: '{{year}} (not entered)',
    entered: 'All holidays of {{year}} are entered',
    enteredHint:
      'Once ticked, deadlines into that year count these holidays and makeup days, and the warning goes away.',
    needEntered: '{{year}} has dates: tick “all holidays entered” before publishing.',
    holidays: 'Public holidays',
    holidaysEmpty: 'No holidays entered for this year',
    range: '{{from}} to {{to}}',
    days: '{{count}} day(s)',
    rangeStart: 'From',
    rangeEnd: 'To',
    addRange: 'Add holiday',
    makeup: 'Makeup working days',
    makeupHint: 'Saturdays or Sundays worked in exchange for a holiday (调休)',
    makeupEmpty: 'No makeup working days this year',
    makeupPlaceholder: 'Pick a Saturday or Sunday',
    addMakeup: 'Add makeup day',
    remove: 'Remove',
    unsaved: 'Unpublished changes',
    revert: 'Discard changes',
    publish: 'Publish the calendar',
    publishTitle: 'Publish the business calendar',
    publishHint:
      'The calendar is published as a new version of the refund policy; quotes and review deadlines from now on count with it.',
    notePlaceholder: 'E.g. 2027 public holidays and makeup days entered',
    published: 'Published version {{version}}',
    issuesTitle: 'The calendar did not pass validation: {{count}} issue(s)',
    issueHoliday: 'Holiday {{date}}',
    issueMakeup: 'Makeup day {{date}}',
    issueLine: '{{what}}: {{message}}',
    dayWithWeekday: '{{date}} ({{weekday}})',
  },
};
