package cli

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/hadir-id/hadir/internal/device/softphone"
	"github.com/hadir-id/hadir/internal/org"
)

// The state file hands the enrolled phones from the server's process to
// the load generator's: one JSON line of header, then one per phone in
// enrolment order (which decides each phone's worker). It holds private
// keys and session cookies, so it is 0600, lives in the bench's temp dir,
// and the generator removes it once read (the server side too, at the end,
// in case the generator never got that far).

type benchStateHeader struct {
	Site   org.Point `json:"site"`
	Phones int       `json:"phones"` // so that a cut-short file is noticed
}

type benchPhoneState struct {
	Phone   softphone.State `json:"phone"`
	Cookie  string          `json:"cookie"`
	Options json.RawMessage `json:"options"` // the prefetched challenge
	In      bool            `json:"in"`      // the next tap checks in
}

// writeBenchState writes the phones to a new file in dir and returns its path.
func writeBenchState(dir string, site org.Point, phones []*benchPhone) (string, error) {
	f, err := os.CreateTemp(dir, "phones-*.jsonl") // mode 0600
	if err != nil {
		return "", err
	}
	err = encodeBenchState(f, site, phones)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("writing the phones for the load generator: %w", err)
	}
	return f.Name(), nil
}

func encodeBenchState(w io.Writer, site org.Point, phones []*benchPhone) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	if err := enc.Encode(benchStateHeader{Site: site, Phones: len(phones)}); err != nil {
		return err
	}
	for _, p := range phones {
		s, err := p.ph.State()
		if err != nil {
			return err
		}
		if err := enc.Encode(benchPhoneState{Phone: s, Cookie: p.cookie, Options: p.options, In: p.in}); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// readBenchState reads back what writeBenchState wrote.
func readBenchState(path string) (org.Point, []*benchPhone, error) {
	f, err := os.Open(path)
	if err != nil {
		return org.Point{}, nil, err
	}
	defer f.Close()
	site, phones, err := decodeBenchState(bufio.NewReader(f))
	if err != nil {
		return org.Point{}, nil, fmt.Errorf("reading the phones in %s: %w", path, err)
	}
	return site, phones, nil
}

func decodeBenchState(r io.Reader) (org.Point, []*benchPhone, error) {
	dec := json.NewDecoder(r)
	var h benchStateHeader
	if err := dec.Decode(&h); err != nil {
		return org.Point{}, nil, err
	}
	if h.Phones < 1 {
		return org.Point{}, nil, errors.New("no phones")
	}
	phones := make([]*benchPhone, h.Phones)
	for i := range phones {
		var s benchPhoneState
		if err := dec.Decode(&s); err != nil {
			return org.Point{}, nil, fmt.Errorf("phone %d of %d: %w", i+1, h.Phones, err)
		}
		ph, err := softphone.Restore(s.Phone)
		if err != nil {
			return org.Point{}, nil, fmt.Errorf("phone %d: %w", i+1, err)
		}
		phones[i] = &benchPhone{ph: ph, cookie: s.Cookie, options: s.Options, in: s.In}
	}
	if dec.More() {
		return org.Point{}, nil, fmt.Errorf("more than the %d phones announced", h.Phones)
	}
	return h.Site, phones, nil
}
