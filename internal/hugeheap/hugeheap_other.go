//go:build !linux

package hugeheap

// prime does nothing where the package does not know how to ask for
// huge pages.
func prime() {}
