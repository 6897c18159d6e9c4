//go:build unix

// Package eintr runs system calls again when a signal interrupts them, for
// the loader and the writer, which call the kernel directly instead of
// through package os (which does the same for its own calls).
package eintr

import "syscall"

// Retry runs call again while it fails with EINTR.
func Retry[T any](call func() (T, error)) (T, error) {
	for {
		v, err := call()
		if err != syscall.EINTR {
			return v, err
		}
	}
}
