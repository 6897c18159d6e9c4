package diag

import "testing"

func TestString(t *testing.T) {
	tests := []struct {
		d    Diagnostic
		want string
	}{
		{Diagnostic{File: "notes/a.md", Line: 3, Col: 7, Message: "bad"}, "notes/a.md:3:7: error: bad"},
		{Diagnostic{File: "notes/a.md", Line: 3, Severity: Warning, Message: "odd"}, "notes/a.md:3: warning: odd"},
		{Diagnostic{File: "seeds/x.txt", Message: "empty"}, "seeds/x.txt: error: empty"},
		{Diagnostic{Message: "no file"}, "error: no file"},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func TestPosition(t *testing.T) {
	src := []byte("ab\ncd\n\nék")
	for _, tt := range []struct{ off, line, col int }{
		{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {5, 2, 3}, {6, 3, 1}, {7, 4, 1}, {9, 4, 3}, {99, 4, 4},
	} {
		if l, c := Position(src, tt.off); l != tt.line || c != tt.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", tt.off, l, c, tt.line, tt.col)
		}
	}
}

func TestListSortAndErrors(t *testing.T) {
	var l List
	l.Warnf("b.md", 1, 1, "w")
	l.Errorf("a.md", 9, 1, "e%d", 2)
	l.Errorf("a.md", 2, 5, "e1")
	if !l.HasErrors() {
		t.Error("HasErrors = false")
	}
	l.Sort()
	want := []string{"a.md:2:5: error: e1", "a.md:9:1: error: e2", "b.md:1:1: warning: w"}
	for i, d := range l {
		if d.String() != want[i] {
			t.Errorf("%d: %s, want %s", i, d, want[i])
		}
	}
	var w List
	w.Warnf("x", 0, 0, "only a warning")
	if w.HasErrors() {
		t.Error("warnings count as errors")
	}
}
