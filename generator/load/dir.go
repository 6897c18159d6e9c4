package load

import (
	"io/fs"
	"os"
)

// Dir returns the folder dir as a file system, as os.DirFS does, from
// which Load reads each file with as few system calls as the platform
// allows. os.DirFS opens a file as it would open a pipe or a socket: it
// offers the descriptor to the network poller, which refuses a regular
// file, and sets it non-blocking and back. Those are five calls more than
// an open, a stat, a read and a close, and for a large site they were
// most of a one-off build's calls.
func Dir(dir string) fs.FS { return dirFS(dir) }

type dirFS string

func (d dirFS) os() fs.FS { return os.DirFS(string(d)) }

func (d dirFS) Open(name string) (fs.File, error) { return d.os().Open(name) }

func (d dirFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(d.os(), name) }

func (d dirFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(d.os(), name) }

func (d dirFS) ReadFile(name string) ([]byte, error) { return fs.ReadFile(d.os(), name) }

func (d dirFS) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(d.os(), name) }

func (d dirFS) ReadLink(name string) (string, error) { return fs.ReadLink(d.os(), name) }
