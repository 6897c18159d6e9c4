package write

import (
	"os"
	"path/filepath"
	"testing"
)

// checkRepo builds a repository-like folder (go.mod, content, templates, a
// link to the content folder and a plain file), makes it the working
// directory and points HOME into it, so that Check sees a known world.
func checkRepo(t *testing.T, marker string) (root, home string) {
	t.Helper()
	// Resolved, because Check reports resolved paths and the temporary
	// folder may sit behind a link (as /var does on macOS).
	base, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	root = filepath.Join(base, "repo")
	home = filepath.Join(t.TempDir(), "home", "editor")
	for _, d := range []string{
		filepath.Join(root, "content", "notes"),
		filepath.Join(root, "templates"),
		home,
	} {
		if err := os.MkdirAll(d, dirPerm); err != nil {
			t.Fatal(err)
		}
	}
	if marker == ".git" {
		err = os.Mkdir(filepath.Join(root, marker), dirPerm)
	} else {
		err = os.WriteFile(filepath.Join(root, marker), []byte("module x\n"), filePerm)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("content", filepath.Join(root, "link-to-content")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "README.md"), nil, filePerm); err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	t.Setenv("HOME", home)
	return root, home
}

func TestCheck(t *testing.T) {
	root, home := checkRepo(t, ".git")
	protected := []string{"content", "templates"}
	other := t.TempDir()
	for _, tc := range []struct {
		out  string
		want string // "" means accepted
	}{
		{"public", ""},
		{"./public/", ""},
		{"build/site/public", ""},
		{other, ""},
		{filepath.Join(other, "new", "public"), ""},
		{".", `output folder "." is the repository root; choose a folder such as "public"`},
		{root, `output folder "` + root + `" is the repository root; choose a folder such as "public"`},
		{"public/..", `output folder "public/.." is the repository root; choose a folder such as "public"`},
		{"..", `output folder ".." contains the repository root "` + root + `"; choose a folder such as "public"`},
		{"content", `output folder "content" is the input folder "content"; choose a folder such as "public"`},
		{"content/", `output folder "content/" is the input folder "content"; choose a folder such as "public"`},
		{"link-to-content", `output folder "link-to-content" is the input folder "content"; choose a folder such as "public"`},
		{"templates", `output folder "templates" is the input folder "templates"; choose a folder such as "public"`},
		{"content/public", `output folder "content/public" is inside the input folder "content"; choose a folder outside it, such as "public"`},
		{"link-to-content/notes", `output folder "link-to-content/notes" is inside the input folder "content"; choose a folder outside it, such as "public"`},
		{"README.md", `output folder "README.md" exists and is not a folder`},
		{"/", `output folder "/" is the root of the file system; choose a folder such as "public"`},
		{"", `output folder is empty; choose a folder such as "public"`},
		{home, `output folder "` + home + `" is your home folder; choose a folder such as "public"`},
		{filepath.Dir(home), `output folder "` + filepath.Dir(home) + `" contains your home folder; choose a folder such as "public"`},
	} {
		err := Check(tc.out, protected...)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("Check(%q):\n got %s\nwant %s", tc.out, got, tc.want)
		}
	}
}

// A content folder outside the repository is protected as well, including
// against its parent.
func TestCheckProtectsParentOfContent(t *testing.T) {
	checkRepo(t, "go.mod")
	outside := t.TempDir()
	content := filepath.Join(outside, "desk", "content")
	if err := os.MkdirAll(content, dirPerm); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(outside, "desk")
	want := `output folder "` + out + `" contains the input folder "` + content + `"; choose a folder such as "public"`
	if err := Check(out, content, ""); err == nil || err.Error() != want {
		t.Errorf("Check = %v, want %s", err, want)
	}
	if err := Check(filepath.Join(outside, "desk", "public"), content, ""); err != nil {
		t.Errorf("sibling of the content folder refused: %v", err)
	}
}

func TestCheckRepoRootFoundFromSubfolder(t *testing.T) {
	root, _ := checkRepo(t, "go.mod")
	t.Chdir(filepath.Join(root, "content", "notes"))
	want := `output folder "../.." is the repository root; choose a folder such as "public"`
	if err := Check("../.."); err == nil || err.Error() != want {
		t.Errorf("Check = %v, want %s", err, want)
	}
}
