package extract

import (
	"fmt"
	"strconv"
	"sync"
	"time"
)

// String formats d as ISO 8601 at its precision: "2025", "2025-05" or
// "2025-05-28". The zero Date formats as "". A site formats every event's
// date several times, so this is done without fmt, and the years and
// months of three centuries are made once.
func (d Date) String() string {
	if d.Day == 0 && d.Month >= 0 && d.Month <= 12 && d.Year >= isoFirstYear && d.Year < isoFirstYear+isoYears {
		return isoYearMonths()[(d.Year-isoFirstYear)*13+d.Month]
	}
	var buf [10]byte
	return string(d.AppendISO(buf[:0]))
}

// AppendISO appends d.String() to dst.
func (d Date) AppendISO(dst []byte) []byte {
	if d.Year == 0 {
		return dst
	}
	if d.Year < 0 || d.Year > 9999 || d.Month < 0 || d.Month > 99 || d.Day < 0 || d.Day > 99 {
		// Not a date the extractor makes: as fmt formats it.
		switch {
		case d.Month == 0:
			return fmt.Appendf(dst, "%04d", d.Year)
		case d.Day == 0:
			return fmt.Appendf(dst, "%04d-%02d", d.Year, d.Month)
		default:
			return fmt.Appendf(dst, "%04d-%02d-%02d", d.Year, d.Month, d.Day)
		}
	}
	dst = append(dst, byte('0'+d.Year/1000), byte('0'+d.Year/100%10), byte('0'+d.Year/10%10), byte('0'+d.Year%10))
	if d.Month == 0 {
		return dst
	}
	dst = append(dst, '-', byte('0'+d.Month/10), byte('0'+d.Month%10))
	if d.Day == 0 {
		return dst
	}
	return append(dst, '-', byte('0'+d.Day/10), byte('0'+d.Day%10))
}

// The years and months of the last two centuries and the next are made
// once: they are most of the dates of news.
const isoFirstYear, isoYears = 1900, 201

// isoYearMonths holds, for each year from isoFirstYear on, the year and
// then its twelve months.
var isoYearMonths = sync.OnceValue(func() []string {
	out := make([]string, 0, isoYears*13)
	for y := isoFirstYear; y < isoFirstYear+isoYears; y++ {
		for m := 0; m <= 12; m++ {
			out = append(out, string(Date{Year: y, Month: m}.AppendISO(nil)))
		}
	}
	return out
})

// Before reports whether d sorts before e: by year, month, day, with a
// coarser date before the finer dates it contains.
func (d Date) Before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// Time returns the first instant of d in UTC.
func (d Date) Time() time.Time {
	m, day := d.Month, d.Day
	if m == 0 {
		m = 1
	}
	if day == 0 {
		day = 1
	}
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}

// DateOf returns the day of t.
func DateOf(t time.Time) Date {
	return Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}
}

// MinYear and MaxYear bound the years that ParseDate accepts: a briefing
// about years outside them is a typo.
const (
	MinYear = 1000
	MaxYear = 2999
)

// ParseDate parses an ISO 8601 date at year, month or day precision:
// "2025", "2025-05" or "2025-05-28". It rejects impossible days such as
// 2025-02-30 and years outside MinYear..MaxYear.
func ParseDate(s string) (Date, error) {
	bad := func(why string) (Date, error) {
		return Date{}, fmt.Errorf("bad date %q: %s", s, why)
	}
	if len(s) != 4 && len(s) != 7 && len(s) != 10 {
		return bad("want YYYY, YYYY-MM or YYYY-MM-DD")
	}
	num := func(part string) (int, bool) {
		for _, c := range part {
			if c < '0' || c > '9' {
				return 0, false
			}
		}
		n, err := strconv.Atoi(part)
		return n, err == nil
	}
	var d Date
	var ok bool
	if d.Year, ok = num(s[:4]); !ok {
		return bad("want YYYY, YYYY-MM or YYYY-MM-DD")
	}
	if d.Year < MinYear || d.Year > MaxYear {
		return bad(fmt.Sprintf("year out of range %d-%d", MinYear, MaxYear))
	}
	if len(s) >= 7 {
		if s[4] != '-' {
			return bad("want YYYY, YYYY-MM or YYYY-MM-DD")
		}
		if d.Month, ok = num(s[5:7]); !ok {
			return bad("want YYYY, YYYY-MM or YYYY-MM-DD")
		}
		if d.Month < 1 || d.Month > 12 {
			return bad("no such month")
		}
	}
	if len(s) == 10 {
		if s[7] != '-' {
			return bad("want YYYY, YYYY-MM or YYYY-MM-DD")
		}
		if d.Day, ok = num(s[8:10]); !ok {
			return bad("want YYYY, YYYY-MM or YYYY-MM-DD")
		}
		if d.Day < 1 || d.Day > DaysIn(d.Year, d.Month) {
			return bad("no such day")
		}
	}
	return d, nil
}

// DaysIn returns the number of days in a month.
func DaysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
