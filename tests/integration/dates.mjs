// Civil dates as the server sees them: InBeeld's "today" is Amsterdam's, so a
// test that sends today's date must not take UTC's, which is still yesterday
// from 23:00 (22:00 in summer) to midnight UTC.
export function amsterdamDate(offsetDays = 0) {
  return new Date(Date.now() + offsetDays * 86_400_000)
    .toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
}
