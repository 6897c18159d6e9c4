package model

import (
	"strings"
	"testing"

	"brief/generator/extract"
)

func TestNormalizeBaseURL(t *testing.T) {
	for _, tt := range []struct{ in, full, path string }{
		{"", "/", "/"},
		{"https://example.org", "https://example.org/", "/"},
		{"https://user.github.io/repo", "https://user.github.io/repo/", "/repo/"},
		{"https://user.github.io/repo/", "https://user.github.io/repo/", "/repo/"},
		{"http://127.0.0.1:8000/repo/?x=1#y", "http://127.0.0.1:8000/repo/", "/repo/"},
		{"/sub", "/sub/", "/sub/"},
	} {
		full, p := NormalizeBaseURL(tt.in)
		if full != tt.full || p != tt.path {
			t.Errorf("NormalizeBaseURL(%q) = %q, %q; want %q, %q", tt.in, full, p, tt.full, tt.path)
		}
	}
}

// TestParagraphs checks that a seed's pieces spell each line exactly and
// that mentions and sentence numbers land where the extractor put them.
func TestParagraphs(t *testing.T) {
	text := "Headline here\nTajik guards met. Then Russia spoke.\n\nLast line."
	r := extract.Result{
		Sentences: []extract.Span{{Start: 0, End: 13}, {Start: 14, End: 31}, {Start: 32, End: 50}, {Start: 52, End: 62}},
		Mentions: []extract.Mention{
			{Start: 14, End: 19, Kind: extract.KindCountry, ID: "TJ"},
			{Start: 37, End: 43, Kind: extract.KindCountry, ID: "RU"},
		},
	}
	paras := paragraphs([]byte(text), r)
	if len(paras) != 3 {
		t.Fatalf("%d paragraphs, want 3", len(paras))
	}
	var lines []string
	for _, p := range paras {
		var b strings.Builder
		for i, s := range p {
			if i > 0 {
				b.WriteString("|")
			}
			for _, pc := range s.Pieces {
				if pc.Kind != "" {
					b.WriteString("[" + pc.Text + "=" + pc.ID + "]")
				} else {
					b.WriteString(pc.Text)
				}
			}
		}
		lines = append(lines, b.String())
	}
	want := []string{"Headline here", "[Tajik=TJ] guards met.|Then [Russia=RU] spoke.", "Last line."}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("paragraphs:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if n := paras[1][1].N; n != 3 {
		t.Errorf("second sentence of line 2 has N=%d, want 3", n)
	}
}

func TestCanonicalPeople(t *testing.T) {
	r := extract.Result{
		People:   []extract.Person{{Name: "Putin", Canonical: "Vladimir Putin", Mentions: 2}, {Name: "Ann Smith"}},
		Events:   []extract.Event{{Date: "2025", People: []string{"Putin", "Ann Smith"}}},
		Mentions: []extract.Mention{{Kind: extract.KindPerson, ID: "Putin"}, {Kind: extract.KindCountry, ID: "RU"}},
	}
	c := canonicalPeople(r)
	if c.People[0].Name != "Vladimir Putin" || c.Events[0].People[0] != "Vladimir Putin" || c.Mentions[0].ID != "Vladimir Putin" || c.Events[0].People[1] != "Ann Smith" {
		t.Errorf("not canonical: %+v", c)
	}
	if r.People[0].Name != "Putin" || r.Events[0].People[0] != "Putin" || r.Mentions[0].ID != "Putin" {
		t.Error("the input result was modified")
	}
}
