package extract

import (
	"fmt"
	"strings"
	"testing"
)

// dateCase is a sentence and the dates expected in it, as "text=value"
// (value "nil" for an unresolved date). A case with no dates asserts that
// nothing in the sentence is a date.
type dateCase struct {
	text  string
	pub   Date
	dates []string
}

func runDateCases(t *testing.T, cases []dateCase) {
	t.Helper()
	for _, c := range cases {
		r := extract(c.text, c.pub)
		checkOffsets(t, []byte(c.text), r)
		var got []string
		for _, d := range r.Dates {
			v := "nil"
			if d.Value != nil {
				v = *d.Value
			}
			got = append(got, d.Text+"="+v)
		}
		if fmt.Sprint(got) != fmt.Sprint(c.dates) {
			t.Errorf("%q (published %s)\n got %q\nwant %q", c.text, c.pub, got, c.dates)
		}
	}
}

func TestDateForms(t *testing.T) {
	p := pub2025 // Thursday
	runDateCases(t, []dateCase{
		// Weekdays: past tense to the latest such day, future to the next.
		{"The meeting was held on Wednesday in Bishkek.", p, []string{"on Wednesday=2025-05-28"}},
		{"Ministers met on Thursday.", p, []string{"on Thursday=2025-05-29"}},
		{"Officials said Monday that the border was closed.", p, []string{"Monday=2025-05-26"}},
		{"The ministers will meet on Friday.", p, []string{"on Friday=2025-05-30"}},
		{"The summit is scheduled for Monday.", p, []string{"Monday=2025-06-02"}},
		{"The talks will resume next Tuesday.", p, []string{"next Tuesday=2025-06-03"}},
		{"The envoy arrived last Tuesday.", p, []string{"last Tuesday=2025-05-27"}},
		{"The treaty will be signed on Saturday.", p, []string{"on Saturday=2025-05-31"}},
		{"On Wednesday, May 28, the council met.", p, []string{"On Wednesday, May 28=2025-05-28"}},
		// Relative days.
		{"Kabul said yesterday that it would respond.", p, []string{"yesterday=2025-05-28"}},
		{"The drills end today.", p, []string{"today=2025-05-29"}},
		{"Voting starts tomorrow.", p, []string{"tomorrow=2025-05-30"}},
		{"Troops crossed the border on 20 May 2025. The previous day, officials had warned of it.", p,
			[]string{"on 20 May 2025=2025-05-20", "The previous day=2025-05-19"}},
		{"The envoy landed on May 12, 2025 and left the following day.", p,
			[]string{"on May 12, 2025=2025-05-12", "the following day=2025-05-13"}},
		{"Police arrested him three days ago.", p, []string{"three days ago=2025-05-26"}},
		{"The attack came on 3 May 2025; the day after, the border closed.", p, []string{"on 3 May 2025=2025-05-03", "the day after=2025-05-04"}},
		{"The group was founded in 2015. A year later, it split.", p, []string{"in 2015=2015", "A year later=2016"}},
		{"Kabul fell in August 2021; two months earlier, talks had failed.", p, []string{"in August 2021=2021-08", "two months earlier=2021-06"}},
		{"He was elected in 2019 and resigned the following year.", p, []string{"in 2019=2019", "the following year=2020"}},
		{"The law passed in 2016. That year, attacks rose.", p, []string{"in 2016=2016", "That year=2016"}},
		{"A year later, nothing had changed.", p, nil},
		{"Prices fell three years later than planned.", p, nil},
		{"The commission will finish by the end of the year.", p, []string{"by the end of the year=2025"}},
		{"Prices rose at the start of this month.", p, []string{"the start of this month=2025-05"}},
		// Months and years, relative.
		{"Russia's Supreme Court earlier this year approved the removal.", p, []string{"earlier this year=2025"}},
		{"The plan will be adopted later this year.", p, []string{"later this year=2025"}},
		{"Trade fell last year.", p, []string{"last year=2024"}},
		{"Elections are due next year.", p, []string{"next year=2026"}},
		{"Prices rose last month.", p, []string{"last month=2025-04"}},
		{"The exercise will take place next month.", p, []string{"next month=2025-06"}},
		{"The group was founded two years ago.", p, []string{"two years ago=2023"}},
		{"The law was passed in March.", p, []string{"in March=2025-03"}},
		{"The forum will be held in September.", p, []string{"in September=2025-09"}},
		{"The talks collapsed in September.", p, []string{"in September=2024-09"}},
		{"Inflation peaked last March.", p, []string{"last March=2025-03"}},
		{"Inflation peaked last May.", p, []string{"last May=2024-05"}},
		// Absolute forms.
		{"Since 2021, the Taliban have ruled Afghanistan.", p, []string{"Since 2021=2021"}},
		{"The country aims to be carbon neutral by 2030.", p, []string{"by 2030=2030"}},
		{"He spoke at a March 2025 meeting in Moscow.", p, []string{"March 2025=2025-03"}},
		{"The Taliban took Kabul in August 2021.", p, []string{"in August 2021=2021-08"}},
		{"Kabul fell on 15 August 2021.", p, []string{"on 15 August 2021=2021-08-15"}},
		{"Kabul fell on August 15, 2021, after a swift offensive.", p, []string{"on August 15, 2021=2021-08-15"}},
		{"Kabul fell on Aug. 15, 2021.", p, []string{"on Aug. 15, 2021=2021-08-15"}},
		{"The summit took place on 15-16 May 2025.", p, []string{"on 15-16 May 2025=2025-05-15"}},
		{"The council met on 28 May.", p, []string{"on 28 May=2025-05-28"}},
		{"The law, adopted in January, takes effect on June 6.", p, []string{"in January=2025-01", "on June 6=2025-06-06"}},
		{"The decree is dated 2025-05-20.", p, []string{"2025-05-20=2025-05-20"}},
		{"The decree of 20.05.2025 took effect.", p, []string{"20.05.2025=2025-05-20"}},
		{"After 9/11, the US invaded Afghanistan.", p, []string{"After 9/11=2001-09-11"}},
		{"Supplies will arrive beginning in 2026.", p, []string{"in 2026=2026"}},
		{"Trade doubled between 2019 and 2021.", p, []string{"between 2019=2019", "2021=2021"}},
		{"The mission ran from March to May 2024.", p, []string{"from March=2024-03", "May 2024=2024-05"}},
		{"The 2021 takeover changed the region.", p, []string{"2021=2021"}},
		{"Growth slowed in mid-2024.", p, []string{"in mid-2024=2024"}},
		{"DUSHANBE, May 28 (Reuters) - Tajikistan will hold talks.", p, []string{"May 28=2025-05-28"}},
		// Not dates.
		{"Fighting intensified last week.", p, nil},
		{"Attacks rose this week.", p, nil},
		{"The offensive is expected in the spring.", p, nil},
		{"Exports fell in the first quarter of 2025.", p, nil},
		{"Growth was strong in the summer of 2024.", p, nil},
		{"Radical groups flourished in the 1990s.", p, nil},
		{"The plan will be rolled out over five years.", p, nil},
		{"He served for three years.", p, nil},
		{"The 55-year-old minister resigned.", p, nil},
		{"The army sent 2,000 troops.", p, nil},
		{"The army sent 2000 troops.", p, nil},
		{"More than 2000 fighters and 16 groups remain active in Pakistan.", p, nil},
		{"Fewer than 1500 remained.", p, nil},
		{"The road will open no later than 2027.", p, []string{"2027=2027"}},
		{"The UN passed Resolution 2593.", p, nil},
		{"The company plans to hire 2030 more.", p, nil},
		{"Officials said 2024 was the hottest year.", p, []string{"2024=2024"}},
		{"The talks began at 10:30 in the morning.", p, nil},
		{"Today's Afghanistan is poorer.", p, nil},
		{"Analysts say March organisers were arrested.", p, nil},
		{"Theresa May spoke in parliament.", p, nil},
		{"The Interaction-2024 drills ended; Rubezh-2023 was larger.", p, nil},
		{"The drills ran on September 3-7 near the border.", p, []string{"on September 3-7=2024-09-03"}},
	})
}

// TestDateTense covers what decides the year of a month or day named
// without one, and the day of a weekday: the tense of the clause the date
// belongs to, deadlines, dates that name an event, and anchors earlier in
// the text.
func TestDateTense(t *testing.T) {
	p := pub2025             // Thursday 29 May 2025
	sep := Date{2024, 9, 18} // a Wednesday
	apr := Date{2025, 4, 8}  // a Tuesday
	runDateCases(t, []dateCase{
		// Future constructions with a weekday.
		{"The envoy is due in Kabul on Tuesday.", p, []string{"on Tuesday=2025-06-03"}},
		{"She said she would brief the cabinet in closed session on Monday.", p, []string{"on Monday=2025-06-02"}},
		{"Inspectors will visit the site in a sealed convoy on Sunday.", p, []string{"on Sunday=2025-06-01"}},
		// A cue beyond a clause boundary belongs to another verb.
		{"Kazakhstan will host the talks on June 12, the foreign ministry said on Tuesday.", p,
			[]string{"on June 12=2025-06-12", "on Tuesday=2025-05-27"}},
		{"The bloc opened its office on Monday and plans two more.", p, []string{"on Monday=2025-05-26"}},
		{"The agency warned it would have to halt flights from August unless funds arrived.", p, []string{"from August=2025-08"}},
		// A date that names an event is the nearest such date.
		{"Parties began campaigning on Tuesday for the November 3 parliamentary vote.", sep,
			[]string{"on Tuesday=2024-09-17", "November 3=2024-11-03"}},
		{"The statement condemned the March bombing in Quetta.", sep, []string{"March=2024-03"}},
		{"Observers praised the June election.", apr, []string{"June=2025-06"}},
		// No tense: the nearest month; a present perfect looks back;
		// "before" a month is a deadline ahead.
		{"The review comes before a vote in Geneva in July.", apr, []string{"in July=2025-07"}},
		{"Aid groups have returned since the floods in December.", apr, []string{"in December=2024-12"}},
		{"The ministry has asked for funds before the end of June.", apr, []string{"June=2025-06"}},
		// "that year" and "the same year" refer to the last year named.
		{"Unrest spread in March 2022. Six people died on March 9 that year.", p,
			[]string{"in March 2022=2022-03", "on March 9 that year=2022-03-09"}},
		{"The ban began in 2019 and the raids in October of the same year.", p,
			[]string{"in 2019=2019", "in October of the same year=2019-10"}},
		// "the previous day" counts from the last day named, not the
		// dateline.
		{"KABUL, May 29 - Talks ended on Tuesday.\n\nNegotiators met for months. They settled the last points the previous day.", p,
			[]string{"May 29=2025-05-29", "on Tuesday=2025-05-27", "the previous day=2025-05-26"}},
		// "the day after" a clause is a conjunction.
		{"He would resign \"the day after\" the court ruled, he said on Monday.", p, []string{"on Monday=2025-05-26"}},
		// Years: an adjective between a determiner and the year; a
		// number before a body's name is no year.
		{"It revived the original 2018 ceasefire deal.", p, []string{"2018=2018"}},
		{"The council's 2231 Committee met; the 1540 Sanctions Committee did not.", p, nil},
	})
}

func TestDatesWithoutPublication(t *testing.T) {
	text := "The ministers met on Wednesday and will meet again next year. Kabul fell in August 2021."
	r := extract(text, Date{})
	checkOffsets(t, []byte(text), r)
	var got []string
	for _, d := range r.Dates {
		v := "nil"
		if d.Value != nil {
			v = *d.Value
		}
		got = append(got, fmt.Sprintf("%s=%s/%s/%v", d.Text, v, d.Precision, d.Relative))
	}
	want := []string{"on Wednesday=nil/day/true", "next year=nil/year/true", "in August 2021=2021-08/month/false"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if len(r.Warnings) != 2 {
		t.Fatalf("warnings = %v, want two", r.Warnings)
	}
	for i, w := range r.Warnings {
		if !strings.Contains(w.Message, "without a publication date") || w.Offset != r.Dates[i].Offset {
			t.Errorf("warning %d = %+v", i, w)
		}
	}
	// Events need a resolved date.
	if len(r.Events) != 1 || r.Events[0].Date != "2021-08" {
		t.Errorf("events = %+v", r.Events)
	}
}
