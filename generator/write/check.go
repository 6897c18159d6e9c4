package write

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Check refuses an output folder that a build must never replace. Write
// deletes whatever the output folder held before, so pointing --out at the
// wrong place would lose data; Check is the guard the command line calls
// before the first Write.
//
// The output folder may not be:
//   - the file-system root or the user's home folder, nor a parent of home;
//   - the repository root (the nearest folder above the working directory
//     that holds go.mod or .git), nor a parent of it;
//   - one of the protected folders (the content and templates folders), a
//     parent of one, or a folder inside one (the next build would read its
//     own output as input);
//   - an existing file that is not a folder.
//
// Paths are compared after filepath.Abs and after resolving the symbolic
// links of the part that exists, so "public" that is a link to "content" is
// refused as well. Protected paths that are empty strings are ignored.
func Check(out string, protected ...string) error {
	if out == "" {
		return errors.New(`output folder is empty; choose a folder such as "public"`)
	}
	target, err := resolve(out)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is the one the user gave
		}
		return fmt.Errorf("output folder %q: %w", out, err)
	}
	if filepath.Dir(target) == target {
		return fmt.Errorf("output folder %q is the root of the file system; choose a folder such as \"public\"", out)
	}
	if info, err := os.Stat(target); err == nil && !info.IsDir() {
		return fmt.Errorf("output folder %q exists and is not a folder", out)
	}

	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if h, err := resolve(home); err == nil {
			switch {
			case target == h:
				return fmt.Errorf("output folder %q is your home folder; choose a folder such as \"public\"", out)
			case within(h, target):
				return fmt.Errorf("output folder %q contains your home folder; choose a folder such as \"public\"", out)
			}
		}
	}

	if root, ok := repoRoot(); ok {
		switch {
		case target == root:
			return fmt.Errorf("output folder %q is the repository root; choose a folder such as \"public\"", out)
		case within(root, target):
			return fmt.Errorf("output folder %q contains the repository root %q; choose a folder such as \"public\"", out, root)
		}
	}

	for _, p := range protected {
		if p == "" {
			continue
		}
		q, err := resolve(p)
		if err != nil {
			return fmt.Errorf("folder %q: %w", p, err)
		}
		switch {
		case target == q:
			return fmt.Errorf("output folder %q is the input folder %q; choose a folder such as \"public\"", out, p)
		case within(q, target):
			return fmt.Errorf("output folder %q contains the input folder %q; choose a folder such as \"public\"", out, p)
		case within(target, q):
			return fmt.Errorf("output folder %q is inside the input folder %q; choose a folder outside it, such as \"public\"", out, p)
		}
	}
	return nil
}

// resolve makes p absolute and resolves the symbolic links of its longest
// existing prefix; the part that does not exist yet is appended unchanged.
// Two spellings of one folder thus compare equal even before it is created.
func resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	existing, rest := abs, ""
	for {
		if _, err := os.Lstat(existing); err == nil {
			break
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(existing)
		if parent == existing {
			break
		}
		rest = filepath.Join(filepath.Base(existing), rest)
		existing = parent
	}
	resolved, err := filepath.EvalSymlinks(existing)
	if err != nil {
		return "", err
	}
	return filepath.Join(resolved, rest), nil
}

// within reports whether child lies strictly below parent. Both must be
// clean absolute paths.
func within(child, parent string) bool {
	if child == parent {
		return false
	}
	if filepath.Dir(parent) == parent { // the root is a parent of everything
		return true
	}
	return strings.HasPrefix(child, parent+string(filepath.Separator))
}

// repoRoot finds the repository the command runs in: the nearest folder at
// or above the working directory that holds go.mod or .git.
func repoRoot() (string, bool) {
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	dir, err := resolve(wd)
	if err != nil {
		return "", false
	}
	for {
		for _, marker := range []string{"go.mod", ".git"} {
			if _, err := os.Lstat(filepath.Join(dir, marker)); err == nil {
				return dir, true
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}
