package extract

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestCountries(t *testing.T) {
	cases := []struct {
		text string
		want string // sorted codes, space separated
	}{
		{"Tajik President Emomali Rahmon arrived.", "TJ"},
		{"The Kyrgyz Republic and the Russian Federation signed a deal.", "KG RU"},
		{"Türkiye and the US disagree; so do the UK and the U.S.", "GB TR US"},
		{"Turkey's foreign ministry objected.", "TR"},
		{"Moscow said the Tajik-Afghan border was calm.", "AF RU TJ"},
		{"Officials in Bishkek and Dushanbe welcomed it.", "KG TJ"},
		{"Washington imposed sanctions.", "US"},
		{"Afghans and Uzbeks crossed at Termez.", "AF UZ"},
		{"Kazakhstan's Tokayev and Uzbekistan's Mirziyoyev met in Astana.", "KZ UZ"},
		{"Beijing and Islamabad signed a pact in Kabul.", "AF CN PK"},
		{"The DUSHANBE office closed.", "TJ"},
		// Traps.
		{"Michael Jordan retired.", ""},
		{"Jordan Peterson spoke in London.", "GB"},
		{"King Abdullah of Jordan visited.", "JO"},
		{"Chad Smith, a drummer, lives here.", ""},
		{"Troops were sent to Chad.", "TD"},
		{"He lives in Atlanta, Georgia.", ""},
		{"Georgia's governor signed the bill.", "US"[:0]},
		{"The state of Georgia votes in November.", ""},
		{"Georgia and Armenia signed a treaty in Tbilisi.", "AM GE"},
		{"We ate turkey and china plates held it.", ""},
		{"The guinea pig escaped.", ""},
		{"Nigeria and Niger closed the border.", "NE NG"},
		{"Western countries and the West criticised it.", ""},
		{"Militants from the Middle East entered Central Asia.", ""},
		{"Central Asian and South Asian states met.", ""},
		{"George Washington was the first president.", ""},
		{"Washington state passed a law.", ""},
		{"Latin American and Indian Ocean states.", ""},
		{"The Indian army moved.", "IN"},
		{"TALIBAN TELL US TO LEAVE", ""},
		{"Afghanistan's Taliban Seek Russian Investment At Kazan Forum", "AF RU"},
		{"Jordan Signs Water Deal With Syria", "JO SY"},
		{"US troops left; the US embassy closed.", "US"},
		{"She grew up in Lebanon, Pennsylvania, and studied in Athens, Georgia.", ""},
		{"Moscow, Idaho is small; Moscow is not.", "RU"},
		// Georgia the US state, by its politics or a place of the state.
		{"Representative Lena Ortiz, a Democrat from Georgia, voted no.", ""},
		{"The senator from Georgia said the vote would be close.", ""},
		{"ATLANTA - Afghan families in Georgia are struggling.", "AF US"},
		{"Refugees resettled in Georgia say rents rose. Officials in Savannah agreed.", ""},
		{"Clarkston, the Georgia town, took in refugees.", ""},
		{"A Georgian envoy flew to Atlanta and spoke for Georgia.", "GE US"},
		{"Georgia's parliament met in Tbilisi; police stood outside.", "GE"},
		// A city inside an organisation's name is no mention of its country.
		{"The OSCE Minsk Group co-chairs met in Vienna.", "AT"},
		{"The Kabul Bank scandal cost depositors millions.", ""},
		{"Troops moved through Minsk.", "BY"},
		// Features and streets named after a country.
		{"The Congo River flooded villages.", ""},
		{"Tankers crowd the Gulf of Oman and the South China Sea.", ""},
		{"Protesters gathered on Colombia Street.", ""},
		{"The Afghan mountains are cold and Pakistan's valleys green.", "AF PK"},
		// Foods, animals and customs named after a country.
		{"Panama hats, Brazil nuts and an Afghan hound were on sale.", ""},
	}
	for _, c := range cases {
		r := extract(c.text, pub2025)
		checkOffsets(t, []byte(c.text), r)
		if got := strings.Join(codes(r), " "); got != c.want {
			t.Errorf("%q: countries %q, want %q", c.text, got, c.want)
		}
	}
}

func TestOrganisations(t *testing.T) {
	cases := []struct {
		text string
		want string
	}{
		{"The Collective Security Treaty Organization (CSTO) met. CSTO-controlled areas are calm.", "csto:3"},
		{"The Collective Security Treaty Organisation held drills.", "csto:1"},
		{"Islamic State, ISIS, ISIL and Daesh are one group.", "isis:4"},
		{"ISIS-K, also called ISKP or Islamic State Khorasan Province, claimed it.", "isis-k:3"},
		{"The Taliban's leader spoke; the Taliban rejected it.", "taliban:2"},
		{"Al-Qaeda and al-Qaida are spelled both ways.", "al-qaeda:2"},
		{"NATO and the European Union, the EU, responded; the UN and the SCO too.", "eu:2 nato:1 sco:1 un:1"},
		{"The Eurasian Development Bank (EDB) lent money. EDB officials said so.", "edb:3"},
		{"IS militants attacked.", "isis:1"},
		{"The UN envoy briefed the Security Council.", "un:2"},
		{"Russia's Security Council met.", ""},
		{"WHAT IS GOING ON", ""},
		{"The Tehrik-i-Taliban Pakistan (TTP) claimed the attack.", "ttp:2"},
	}
	for _, c := range cases {
		r := extract(c.text, pub2025)
		checkOffsets(t, []byte(c.text), r)
		var got []string
		for _, id := range orgIDs(r) {
			for _, o := range r.Organisations {
				if o.ID == id {
					got = append(got, fmt.Sprintf("%s:%d", id, o.Mentions))
				}
			}
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%q: organisations %q, want %q", c.text, strings.Join(got, " "), c.want)
		}
	}
}

func TestPeople(t *testing.T) {
	cases := []struct {
		text string
		want []string // "Name|Title|Country|Mentions"
	}{
		{"Russian Defence Minister Andrey Belousov spoke. Belousov described the threat.",
			[]string{"Andrey Belousov|Defence Minister|RU|2"}},
		{"Tajik President Emomali Rahmon met Russian President Vladimir Putin in Moscow.",
			[]string{"Emomali Rahmon|President|TJ|1", "Vladimir Putin|President|RU|1"}},
		{"Zabihullah Mujahid, the Taliban's chief spokesman, said the attack failed. Mujahid added more.",
			[]string{"Zabihullah Mujahid|chief spokesman|AF|2"}},
		{"U.S. Secretary of State Marco Rubio called.", []string{"Marco Rubio|Secretary of State|US|1"}},
		{"Gen. Rustam Nazarov said the border was calm. Nazarov did not elaborate.",
			[]string{"Rustam Nazarov|General||2"}},
		{"Abu Bakr al-Baghdadi was killed. Al-Baghdadi led the group.", []string{"Abu Bakr al-Baghdadi|||2"}},
		{"Putin said the West was to blame.", []string{"Putin||RU|1"}},
		{"Putin Meets Rahmon In Moscow", []string{"Putin||RU|1", "Rahmon||TJ|1"}},
		{"Ivanka Trump spoke.", []string{"Ivanka Trump|||1"}},
		{"President of Tajikistan Emomali Rahmon spoke.", []string{"Emomali Rahmon|President|TJ|1"}},
		{"The Taliban's supreme leader, Hibatullah Akhundzada, issued a decree.", []string{"Hibatullah Akhundzada|supreme leader|AF|1"}},
		{"Iran's Supreme Leader Ayatollah Ali Khamenei praised it.", []string{"Ali Khamenei|Supreme Leader|IR|1"}},
		{"CSTO Secretary General Imangali Tasmagambetov opened the session.", []string{"Imangali Tasmagambetov|Secretary General|KZ|1"}},
		{"Army spokesman Major General Edward Buba said so.", []string{"Edward Buba|Major General||1"}},
		{"Kremlin spokesman Dmitry Peskov declined to comment.", []string{"Dmitry Peskov|spokesman|RU|1"}},
		{"(Reporting by Waakhe Simon Wudu; Editing by Alison Williams)", nil},
		{"Islamabad-based analyst Ahmed Rashid disagreed.", []string{"Ahmed Rashid|analyst|PK|1"}},
		{"The deal between President Salva Kiir and Riek Machar collapsed.", []string{"Riek Machar|||1", "Salva Kiir|President||1"}},
		{"Kazakhstan's Tokayev welcomed it.", []string{"Tokayev||KZ|1"}},
		{"Ursula von der Leyen met Kassym-Jomart Tokayev.", []string{"Kassym-Jomart Tokayev||KZ|1", "Ursula von der Leyen|||1"}},
		// A name set off by commas after a title, with non-ASCII letters
		// and three or four parts.
		{"Norway's envoy, Ingrid Solheim, said talks would resume.", []string{"Ingrid Solheim|envoy|NO|1"}},
		{"Its chief negotiator, Tomás Ibáñez, told reporters the deal was close.", []string{"Tomás Ibáñez|chief negotiator||1"}},
		{"The agency's deputy head, Jürgen Müller-Østergaard, left.", []string{"Jürgen Müller-Østergaard|deputy head||1"}},
		{"Kyrgyzstan's interior minister, Ulan Niyazbekov, visited Osh.", []string{"Ulan Niyazbekov|interior minister|KG|1"}},
		{"The militia's leader, Mohammed Nur Abdi Farah, was killed.", []string{"Mohammed Nur Abdi Farah|leader||1"}},
		{"Troops left at dawn, said a village elder, Yusuf Hassan Omar.", []string{"Yusuf Hassan Omar|elder||1"}},
		{"Nobel laureate Malala Yousafzai spoke in Oslo.", []string{"Malala Yousafzai|laureate||1"}},
		// A rank alone is a title; a country adjective gives the country.
		{"Brigadier Ahmed Khan said the troops were ready.", []string{"Ahmed Khan|Brigadier||1"}},
		{"Uzbek Foreign Minister Bakhtiyor Saidov arrived.", []string{"Bakhtiyor Saidov|Foreign Minister|UZ|1"}},
		// The country of an office: "of <country>" after the name, an
		// adjective in an appositive, or the country the story is about.
		{"Host Prime Minister Liam Ferris of Ireland opened the summit.", []string{"Liam Ferris|Prime Minister|IE|1"}},
		{"\"The pipeline is ours,\" said Batyr Orazov, a senior Turkmen official.", []string{"Batyr Orazov|official|TM|1"}},
		{"Kyrgyzstan closed its border. Bishkek called the step temporary. Interior Minister Ulan Niyazbekov said it would reopen.",
			[]string{"Ulan Niyazbekov|Interior Minister|KG|1"}},
		{"Russia and China held talks. Foreign Minister Ivan Petrenko said they went well.", []string{"Ivan Petrenko|Foreign Minister||1"}},
		// A famous person named like a capital.
		{"In 1796 George Washington warned against alliances.", []string{"George Washington|||1"}},
		// In a title-case headline a title is followed by a name only as
		// far as the body also capitalises its words.
		{"Brigadier Killed In Waziristan Ambush\n\nThe army confirmed the death.", nil},
		{"Minister Rashidova Visits Termez\n\nThe visit by Nilufar Rashidova began.", []string{"Nilufar Rashidova|||2"}},
		// Not people.
		{"Opposition MPs called for funding; NGOs said aid was short.", nil},
		{"A report seen by Steppe Wire said the figure was higher.", nil},
		{"She studied at George Washington University.", nil},
		{"The Supreme Court ruled. Security Council members met in New York.", nil},
		{"In Bishkek, Kyrgyzstan, the meeting ended.", nil},
		{"Western countries criticised the Collective Security Treaty Organisation.", nil},
		{"On Monday, Taliban officials met.", nil},
		{"A Taliban official told Al Jazeera that talks would resume.", nil},
	}
	for _, c := range cases {
		r := extract(c.text, pub2025)
		checkOffsets(t, []byte(c.text), r)
		var got []string
		for _, p := range r.People {
			got = append(got, fmt.Sprintf("%s|%s|%s|%d", p.Name, p.Title, p.Country, p.Mentions))
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%q:\n got %q\nwant %q", c.text, got, c.want)
		}
	}
}

func TestQuantities(t *testing.T) {
	cases := []struct {
		text string
		want []string // "text=value unit"
	}{
		{"More than 20 radical groups comprising over 15,000 fighters are active.",
			[]string{"More than 20 radical groups=20 radical groups", "over 15,000 fighters=15000 fighters"}},
		{"Some 1.5 million refugees need $2 billion in aid.",
			[]string{"Some 1.5 million refugees=1.5e+06 refugees", "$2 billion=2e+09 US dollars"}},
		{"Unemployment rose to 15 percent, or 15% in cities.",
			[]string{"15 percent=15 percent", "15%=15 percent"}},
		{"It will be rolled out in three phases over five years.", []string{"three phases=3 phases"}},
		{"Police arrested three ISKP members and 40 Afghan refugees.", []string{"three ISKP members=3 ISKP members", "40 Afghan refugees=40 Afghan refugees"}},
		{"The 55-year-old said it in 2025 after 2 hours.", nil},
	}
	for _, c := range cases {
		r := extract(c.text, pub2025)
		checkOffsets(t, []byte(c.text), r)
		var got []string
		for _, q := range r.Quantities {
			got = append(got, fmt.Sprintf("%s=%v %s", q.Text, q.Value, q.Unit))
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%q:\n got %q\nwant %q", c.text, got, c.want)
		}
	}
}

func TestHints(t *testing.T) {
	text := "Jordan met officials. The deal was signed in spring. Dushanbe hosted Rustam on the day."
	at := func(s string) (int, int) {
		i := strings.Index(text, s)
		return i, i + len(s)
	}
	var hints []Hint
	s, e := at("Jordan")
	hints = append(hints, Hint{Start: s, End: e, Ignore: true})
	s, e = at("in spring")
	hints = append(hints, Hint{Start: s, End: e, Date: Date{2025, 4, 0}, Event: true})
	s, e = at("Rustam")
	hints = append(hints, Hint{Start: s, End: e, Person: "Rustam Emomali"})
	s, e = at("the day")
	hints = append(hints, Hint{Start: s, End: e, Countries: []string{"tj"}})
	r := testX.Extract(Input{Text: []byte(text), Published: pub2025, Hints: hints})
	checkOffsets(t, []byte(text), r)
	if got := codes(r); !reflect.DeepEqual(got, []string{"TJ"}) {
		t.Errorf("countries = %v", got)
	}
	for _, c := range r.Countries {
		if c.Mentions != 2 {
			t.Errorf("TJ mentions = %d, want 2 (Dushanbe and the hint)", c.Mentions)
		}
	}
	if len(r.Dates) != 1 || *r.Dates[0].Value != "2025-04" || r.Dates[0].Text != "in spring" {
		t.Errorf("dates = %+v", r.Dates)
	}
	if got := personNames(r); !reflect.DeepEqual(got, []string{"Rustam"}) || r.People[0].Canonical != "Rustam Emomali" {
		t.Errorf("people = %+v", r.People)
	}
	if len(r.Events) != 1 || r.Events[0].Date != "2025-04" || r.Events[0].Sentence != 2 {
		t.Errorf("events = %+v", r.Events)
	}
	// An annotated "Georgia" stays the country where the rules would read
	// the US state.
	text = "ATLANTA - The minister of Georgia arrived."
	s, e = strings.Index(text, "Georgia"), strings.Index(text, "Georgia")+len("Georgia")
	r = testX.Extract(Input{Text: []byte(text), Published: pub2025, Hints: []Hint{{Start: s, End: e, Countries: []string{"GE"}}}})
	if got := codes(r); !reflect.DeepEqual(got, []string{"GE", "US"}) {
		t.Errorf("annotated Georgia: countries = %v, want [GE US]", got)
	}
}

func TestLookupName(t *testing.T) {
	x := New([]EntityDef{
		{Kind: KindOrg, ID: "gknb-tj", Name: "State Committee for National Security of Tajikistan", Aliases: []string{"GKNB Tajikistan"}},
		{Kind: KindPerson, ID: "Rustam Emomali", Aliases: []string{"Emomali"}, Country: "TJ"},
	})
	cases := []struct{ name, kind, id string }{
		{"Tajikistan", KindCountry, "TJ"},
		{"tajikistan", KindCountry, "TJ"},
		{"Kyrgyz Republic", KindCountry, "KG"},
		{"Russian Federation", KindCountry, "RU"},
		{"the US", KindCountry, "US"},
		{"Türkiye", KindCountry, "TR"},
		{"TJ", KindCountry, "TJ"},
		{"Tajik", KindCountry, "TJ"},
		{"CSTO", KindOrg, "csto"},
		{"Collective Security Treaty Organization", KindOrg, "csto"},
		{"Islamic State", KindOrg, "isis"},
		{"Daesh", KindOrg, "isis"},
		{"the Taliban", KindOrg, "taliban"},
		{"GKNB Tajikistan", KindOrg, "gknb-tj"},
		{"Andrey Belousov", KindPerson, "Andrey Belousov"},
		{"Andrei Belousov", KindPerson, "Andrey Belousov"},
		{"Rustam  Emomali", KindPerson, "Rustam Emomali"},
		{"Putin", KindPerson, "Vladimir Putin"},
		{"Emomali", KindPerson, "Rustam Emomali"},
		{"Nobody Known", "", ""},
		{"", "", ""},
	}
	for _, c := range cases {
		kind, id, ok := x.LookupName(c.name)
		if kind != c.kind || id != c.id || ok != (c.kind != "") {
			t.Errorf("LookupName(%q) = %q %q %v, want %q %q", c.name, kind, id, ok, c.kind, c.id)
		}
	}
	// Editors' entities are matched in text too.
	r := x.Extract(Input{Text: []byte("GKNB Tajikistan agents detained Emomali's aide.")})
	if got := orgIDs(r); !reflect.DeepEqual(got, []string{"gknb-tj"}) {
		t.Errorf("orgs = %v", got)
	}
	if len(r.People) != 1 || r.People[0].Canonical != "Rustam Emomali" {
		t.Errorf("people = %+v", r.People)
	}
}

func TestData(t *testing.T) {
	all := CountryData()
	if len(all) < 249 {
		t.Fatalf("%d countries", len(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i-1].Code >= all[i].Code {
			t.Fatalf("not sorted at %s", all[i].Code)
		}
	}
	tj, ok := LookupCountry("tj")
	if !ok || tj.Name != "Tajikistan" || tj.Capital != "Dushanbe" || tj.Subregion != "Central Asia" ||
		!reflect.DeepEqual(tj.Borders, []string{"AF", "CN", "KG", "UZ"}) || !contains(tj.Demonyms, "Tajik") || tj.Flag == "" {
		t.Errorf("TJ = %+v", tj)
	}
	if _, ok := LookupCountry("XX"); ok {
		t.Error("XX found")
	}
	orgs := OrgData()
	byID := map[string]OrgInfo{}
	for i, o := range orgs {
		if i > 0 && orgs[i-1].ID >= o.ID {
			t.Fatalf("orgs not sorted at %s", o.ID)
		}
		byID[o.ID] = o
	}
	if got := byID["csto"].Members; !reflect.DeepEqual(got, []string{"AM", "BY", "KG", "KZ", "RU", "TJ"}) {
		t.Errorf("csto members = %v", got)
	}
	for _, id := range []string{"csto", "sco", "cis", "nato", "eu", "un", "osce", "isis", "isis-k", "taliban", "al-qaeda", "ttp", "imu", "jamaat-ansarullah", "etim", "hizb-ut-tahrir", "hamas", "hezbollah"} {
		if _, ok := byID[id]; !ok {
			t.Errorf("organisation %s missing", id)
		}
	}
	for _, o := range orgs {
		if len(o.Members) > 0 && o.MembersSource == "" {
			t.Errorf("%s: members without a source", o.ID)
		}
	}
}

func TestSameEvent(t *testing.T) {
	a := Event{Date: "2025-05-28", Text: "CSTO defence ministers met in Bishkek on Wednesday to discuss Afghanistan.", Countries: []string{"AF", "KG"}, Organisations: []string{"csto"}}
	b := Event{Date: "2025-05-28", Text: "Defence ministers of the CSTO met on Wednesday in Bishkek, discussing threats from Afghanistan.", Countries: []string{"AF", "KG", "RU"}, Organisations: []string{"csto"}}
	c := Event{Date: "2025-05-28", Text: "Floods hit northern Pakistan on Wednesday, killing 12.", Countries: []string{"PK"}}
	d := b
	d.Date = "2025-05-27"
	if !SameEvent(a, b) || !SameEvent(b, a) {
		t.Error("a and b are the same event")
	}
	if SameEvent(a, c) || SameEvent(a, d) {
		t.Error("different events merged")
	}
	// Alike in wording and place, but different people: two events.
	e := Event{Date: "2027", Text: "Afghan Foreign Minister Sergei Karimov signed an agreement on intelligence sharing beginning in 2027, during a meeting in New Delhi.", Countries: []string{"AF", "IN"}, People: []string{"Sergei Karimov"}}
	f := Event{Date: "2027", Text: "Chinese President Andrei Karimov called for talks on a new air-defence system beginning in 2027, during a meeting in New Delhi.", Countries: []string{"CN", "IN"}, People: []string{"Andrei Karimov"}}
	if SameEvent(e, f) {
		t.Error("events of different people merged")
	}
	// Without the people, the shared place and the boilerplate words
	// ("beginning", "during", the year) are still not enough.
	e.People, f.People = nil, nil
	if SameEvent(e, f) {
		t.Error("events merged on boilerplate words")
	}
	g := e
	g.Text = "Afghanistan's foreign minister signed an intelligence-sharing agreement in New Delhi in 2027."
	if !SameEvent(e, g) {
		t.Error("the same signing reported twice did not merge")
	}
}

func TestNeverPanics(t *testing.T) {
	inputs := []string{"", " ", "\n\n\n", "\xff\xfe\x00", "(", "((((", "Mr.", "May", "on", "2025-", "$", "the previous day",
		strings.Repeat("CSTO ", 1000), "\"” — – ‘", "Jordan", "ago", "two years ago"}
	for _, in := range inputs {
		r := extract(in, pub2025)
		checkOffsets(t, []byte(in), r)
		r = extract(in, Date{})
		checkOffsets(t, []byte(in), r)
	}
	var nilX *Extractor
	if r := nilX.Extract(Input{Text: []byte("x")}); len(r.Warnings) != 1 {
		t.Errorf("nil extractor: %+v", r)
	}
	// Hints out of range are ignored.
	r := testX.Extract(Input{Text: []byte("abc"), Hints: []Hint{{Start: -5, End: 100, Ignore: true}, {Start: 2, End: 1}}})
	checkOffsets(t, []byte("abc"), r)
}

// pathologicalUnits repeated make inputs that once made rules scan whole
// sentences or documents per token.
var pathologicalUnits = []string{"((((", "A B C D ", "May May ", "Mr. Mr. ", "the previous day ", "Georgia, ", "Putin Putin ",
	"2021 2022 ", "CSTO (CSTO) ", "on Wednesday ", "- - ", "Jordan Chad ", "He said. ", "  Russia  's\n"}

// TestPathologicalInputs checks large repetitive inputs without timing
// them (BenchmarkPathological does): results keep the offset contract, and
// no sentence is longer than maxSentenceTokens, the bound that keeps every
// rule that looks across its sentence at constant work per token.
func TestPathologicalInputs(t *testing.T) {
	for _, u := range pathologicalUnits {
		text := []byte(strings.Repeat(u, 60000/len(u)))
		for _, in := range []Input{{Text: text, Published: pub2025}, {Text: text, Blocks: []Span{{0, len(text)}}}} {
			r := testX.Extract(in)
			checkOffsets(t, text, r)
			d := newDoc(testX, in)
			for _, s := range d.sents {
				if s.t1-s.t0 > maxSentenceTokens {
					t.Errorf("%q: a sentence of %d tokens", u, s.t1-s.t0)
					break
				}
			}
			d.release()
		}
	}
	// Many annotations on one note.
	text := []byte(strings.Repeat("Tajikistan and Jordan met. ", 10000))
	var hints []Hint
	for i := 0; i < len(text); i += 27 {
		hints = append(hints, Hint{Start: i + 15, End: i + 21, Ignore: true}, Hint{Start: i, End: i + 10, Countries: []string{"TJ"}})
	}
	r := testX.Extract(Input{Text: text, Published: pub2025, Hints: hints})
	if len(r.Countries) != 1 || r.Countries[0].Code != "TJ" || r.Countries[0].Mentions != 10000 {
		t.Errorf("countries = %+v", r.Countries)
	}
}
