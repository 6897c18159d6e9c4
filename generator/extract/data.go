package extract

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

// The data files are described in data/README.md with their provenance.
//
//go:embed data/countries.json data/country-extra.yaml data/organisations.yaml data/people.yaml data/lexicon.yaml
var dataFS embed.FS

// CountryInfo is what the site knows about a country: the world-countries
// facts plus the hand-maintained extras.
type CountryInfo struct {
	Code      string   // ISO 3166-1 alpha-2, upper case
	Code3     string   // ISO 3166-1 alpha-3
	Name      string   // common English name
	Official  string   // official English name
	Capital   string   // first capital; "" for territories without one
	Region    string   // "Asia"
	Subregion string   // "Central Asia"
	Flag      string   // flag emoji
	Demonyms  []string // "Tajik", "Tajikistani", …
	Borders   []string // alpha-2 codes of neighbours, sorted
	AltNames  []string // other names used for matching
	Places    []string // capital(s), major cities and regions
	LatLng    [2]float64
	// Independent and UNMember come from world-countries.
	Independent bool
	UNMember    bool
}

// OrgInfo is a built-in organisation.
type OrgInfo struct {
	ID      string
	Name    string
	Acronym string
	Aliases []string
	Members []string // alpha-2 codes, sorted
	Kind    string   // "alliance", "armed group", …
	// MembersSource says where the membership list comes from.
	MembersSource string
	strict        []string
}

// knownPerson is a built-in or editor-defined person.
type knownPerson struct {
	Name    string
	Aliases []string
	Short   []string
	Country string
	Title   string
}

// lexicon holds the word lists of data/lexicon.yaml as sets.
type lexicon struct {
	function, notName, titleHead, titleMod, honorific, rank, abbrev, speech, given, particle, feature map[string]bool
	surnameEnd                                                                                        []string
}

// staticData is everything loaded from the embedded files, once.
type staticData struct {
	countries   []CountryInfo
	byCode      map[string]*CountryInfo
	orgs        []OrgInfo
	people      []knownPerson
	lex         lexicon
	ignore      map[string]bool
	owner       map[string]string // demonym -> code ("" = ambiguous)
	personlike  map[string]bool
	blockers    []string
	usStates    map[string]bool
	strictNames map[string]bool
	// usGeorgiaPlaces are places of the US state of Georgia.
	usGeorgiaPlaces []string
}

var (
	dataOnce sync.Once
	data     *staticData
	dataErr  error
)

// Prepare reads the embedded data that New needs (the countries, the
// lexicon, the rules), which takes a few milliseconds of one core: a
// caller that has other work first, such as reading the content, can have
// it done meanwhile on another. New waits for it.
func Prepare() { load() }

// load returns the embedded data. The files are part of the binary and
// tested, so an error here is a build defect; it is still returned, not
// panicked on, so that Extract can report it.
func load() (*staticData, error) {
	dataOnce.Do(func() { data, dataErr = loadData() })
	return data, dataErr
}

func loadData() (*staticData, error) {
	d := &staticData{byCode: map[string]*CountryInfo{}}
	raw, err := dataFS.ReadFile("data/countries.json")
	if err != nil {
		return nil, err
	}
	var cj struct {
		Countries []struct {
			Code, Code3, Name, Official, Region, Subregion, Flag string
			AltNames                                             []string  `json:"alt_names"`
			Capitals                                             []string  `json:"capitals"`
			Demonyms                                             []string  `json:"demonyms"`
			Borders                                              []string  `json:"borders"`
			Independent                                          bool      `json:"independent"`
			UNMember                                             bool      `json:"un_member"`
			LatLng                                               []float64 `json:"latlng"`
		}
	}
	if err := json.Unmarshal(raw, &cj); err != nil {
		return nil, fmt.Errorf("data/countries.json: %w", err)
	}
	var extra struct {
		Countries map[string]struct {
			Names    []string `yaml:"names"`
			Demonyms []string `yaml:"demonyms"`
			Places   []string `yaml:"places"`
		} `yaml:"countries"`
		Ignore     []string          `yaml:"ignore"`
		Owner      map[string]string `yaml:"demonym_owner"`
		Personlike []string          `yaml:"personlike"`
		Blockers   []string          `yaml:"blockers"`
		USStates   []string          `yaml:"us_states"`
		Strict     []string          `yaml:"strict_names"`
		USGeorgia  []string          `yaml:"us_georgia_places"`
	}
	if err := readYAML("data/country-extra.yaml", &extra); err != nil {
		return nil, err
	}
	d.ignore = set(extra.Ignore)
	d.owner = extra.Owner
	d.personlike = set(extra.Personlike)
	d.blockers = extra.Blockers
	d.usStates = set(extra.USStates)
	d.strictNames = set(extra.Strict)
	d.usGeorgiaPlaces = extra.USGeorgia
	for _, c := range cj.Countries {
		info := CountryInfo{
			Code: c.Code, Code3: c.Code3, Name: c.Name, Official: c.Official,
			Region: c.Region, Subregion: c.Subregion, Flag: c.Flag,
			Demonyms: c.Demonyms, Borders: c.Borders, Independent: c.Independent,
			UNMember: c.UNMember,
		}
		if len(c.LatLng) == 2 {
			info.LatLng = [2]float64{c.LatLng[0], c.LatLng[1]}
		}
		if len(c.Capitals) > 0 {
			info.Capital = c.Capitals[0]
		}
		for _, a := range c.AltNames {
			if !d.ignore[a] {
				info.AltNames = append(info.AltNames, a)
			}
		}
		info.Places = append(info.Places, c.Capitals...)
		if x, ok := extra.Countries[c.Code]; ok {
			info.AltNames = appendNew(info.AltNames, x.Names...)
			info.Demonyms = appendNew(info.Demonyms, x.Demonyms...)
			info.Places = appendNew(info.Places, x.Places...)
		}
		d.countries = append(d.countries, info)
	}
	for code := range extra.Countries {
		found := false
		for _, c := range cj.Countries {
			found = found || c.Code == code
		}
		if !found {
			return nil, fmt.Errorf("data/country-extra.yaml: unknown country code %s", code)
		}
	}
	sort.Slice(d.countries, func(i, j int) bool { return d.countries[i].Code < d.countries[j].Code })
	for i := range d.countries {
		d.byCode[d.countries[i].Code] = &d.countries[i]
	}

	var orgs struct {
		Organisations []struct {
			ID            string   `yaml:"id"`
			Name          string   `yaml:"name"`
			Acronym       string   `yaml:"acronym"`
			Aliases       []string `yaml:"aliases"`
			Kind          string   `yaml:"kind"`
			Members       []string `yaml:"members"`
			MembersFrom   string   `yaml:"members_from"`
			MembersSource string   `yaml:"members_source"`
			Strict        []string `yaml:"strict"`
		} `yaml:"organisations"`
	}
	if err := readYAML("data/organisations.yaml", &orgs); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, o := range orgs.Organisations {
		if o.ID == "" || o.Name == "" || seen[o.ID] {
			return nil, fmt.Errorf("data/organisations.yaml: missing or duplicate id %q", o.ID)
		}
		seen[o.ID] = true
		info := OrgInfo{ID: o.ID, Name: o.Name, Acronym: o.Acronym, Aliases: o.Aliases,
			Kind: o.Kind, MembersSource: o.MembersSource, strict: o.Strict}
		for _, m := range o.Members {
			if d.byCode[m] == nil {
				return nil, fmt.Errorf("data/organisations.yaml: %s: unknown member %s", o.ID, m)
			}
			info.Members = append(info.Members, m)
		}
		if o.MembersFrom == "un_member" {
			for _, c := range d.countries {
				if c.UNMember {
					info.Members = append(info.Members, c.Code)
				}
			}
		}
		sort.Strings(info.Members)
		d.orgs = append(d.orgs, info)
	}
	sort.Slice(d.orgs, func(i, j int) bool { return d.orgs[i].ID < d.orgs[j].ID })

	var people struct {
		People []knownPerson `yaml:"people"`
	}
	if err := readYAML("data/people.yaml", &people); err != nil {
		return nil, err
	}
	d.people = people.People

	var lx struct {
		Function    []string `yaml:"function_words"`
		NotName     []string `yaml:"not_name"`
		TitleHeads  []string `yaml:"title_heads"`
		TitleMods   []string `yaml:"title_modifiers"`
		Honorifics  []string `yaml:"honorifics"`
		Ranks       []string `yaml:"rank_abbreviations"`
		Abbrev      []string `yaml:"abbreviations"`
		Speech      []string `yaml:"speech_verbs"`
		Given       []string `yaml:"given_names"`
		SurnameEnds []string `yaml:"surname_endings"`
		Particles   []string `yaml:"particles"`
		Features    []string `yaml:"features"`
	}
	if err := readYAML("data/lexicon.yaml", &lx); err != nil {
		return nil, err
	}
	d.lex = lexicon{
		function: set(lx.Function), notName: set(lx.NotName), titleHead: set(lx.TitleHeads),
		titleMod: set(lx.TitleMods), honorific: set(lx.Honorifics), rank: set(lx.Ranks),
		abbrev: set(lx.Abbrev), speech: set(lx.Speech), given: set(lx.Given),
		particle: set(lx.Particles), feature: set(lx.Features), surnameEnd: lx.SurnameEnds,
	}
	return d, nil
}

func readYAML(name string, v any) error {
	raw, err := dataFS.ReadFile(name)
	if err != nil {
		return err
	}
	dec := yaml.NewDecoder(strings.NewReader(string(raw)))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

func set(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, s := range list {
		m[s] = true
	}
	return m
}

func appendNew(list []string, more ...string) []string {
	for _, s := range more {
		dup := false
		for _, t := range list {
			dup = dup || s == t
		}
		if !dup {
			list = append(list, s)
		}
	}
	return list
}

// CountryData returns every ISO 3166-1 country and territory of the
// world-countries data, sorted by code. The slices are copies.
func CountryData() []CountryInfo {
	d, err := load()
	if err != nil {
		return nil
	}
	out := make([]CountryInfo, len(d.countries))
	for i, c := range d.countries {
		out[i] = copyCountry(c)
	}
	return out
}

// LookupCountry returns the country with the alpha-2 code, in either case.
func LookupCountry(code string) (CountryInfo, bool) {
	d, err := load()
	if err != nil {
		return CountryInfo{}, false
	}
	c, ok := d.byCode[strings.ToUpper(code)]
	if !ok {
		return CountryInfo{}, false
	}
	return copyCountry(*c), true
}

func copyCountry(c CountryInfo) CountryInfo {
	c.Demonyms = append([]string(nil), c.Demonyms...)
	c.Borders = append([]string(nil), c.Borders...)
	c.AltNames = append([]string(nil), c.AltNames...)
	c.Places = append([]string(nil), c.Places...)
	return c
}

// OrgData returns the built-in organisations, sorted by id.
func OrgData() []OrgInfo {
	d, err := load()
	if err != nil {
		return nil
	}
	out := make([]OrgInfo, len(d.orgs))
	for i, o := range d.orgs {
		o.Aliases = append([]string(nil), o.Aliases...)
		o.Members = append([]string(nil), o.Members...)
		o.strict = nil
		out[i] = o
	}
	return out
}
