package extract

import (
	"fmt"
	"strconv"
	"time"
)

// String formats d as ISO 8601 at its precision: "2025", "2025-05" or
// "2025-05-28". The zero Date formats as "".
func (d Date) String() string {
	switch {
	case d.Year == 0:
		return ""
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	default:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
}

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
