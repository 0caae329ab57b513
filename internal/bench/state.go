package bench

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/hadir-id/hadir/internal/bench/softphone"
	"github.com/hadir-id/hadir/internal/org"
)

// The state file hands the enrolled phones from the server's process to
// the load generator's: one JSON line of header, then one per phone in
// enrolment order (which decides each phone's worker). It holds private
// keys and session cookies, so it is 0600, lives in the bench's temp dir,
// and the generator removes it once read (the server side too, at the end,
// in case the generator never got that far).

type stateHeader struct {
	Site   org.Point `json:"site"`
	Phones int       `json:"phones"` // so that a cut-short file is noticed
}

type phoneState struct {
	Phone   softphone.State `json:"phone"`
	Cookie  string          `json:"cookie"`
	Options json.RawMessage `json:"options"` // the prefetched challenge
	In      bool            `json:"in"`      // the next tap checks in
}

// writeState writes the phones to a new file in dir and returns its path.
func writeState(dir string, site org.Point, phones []*Phone) (string, error) {
	f, err := os.CreateTemp(dir, "phones-*.jsonl") // mode 0600
	if err != nil {
		return "", err
	}
	err = encodeState(f, site, phones)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("writing the phones for the load generator: %w", err)
	}
	return f.Name(), nil
}

func encodeState(w io.Writer, site org.Point, phones []*Phone) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	if err := enc.Encode(stateHeader{Site: site, Phones: len(phones)}); err != nil {
		return err
	}
	for _, p := range phones {
		s, err := p.Soft.State()
		if err != nil {
			return err
		}
		if err := enc.Encode(phoneState{Phone: s, Cookie: p.Cookie, Options: p.Options, In: p.In}); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// readState reads back what writeState wrote.
func readState(path string) (org.Point, []*Phone, error) {
	f, err := os.Open(path)
	if err != nil {
		return org.Point{}, nil, err
	}
	defer f.Close()
	site, phones, err := decodeState(bufio.NewReader(f))
	if err != nil {
		return org.Point{}, nil, fmt.Errorf("reading the phones in %s: %w", path, err)
	}
	return site, phones, nil
}

func decodeState(r io.Reader) (org.Point, []*Phone, error) {
	dec := json.NewDecoder(r)
	var h stateHeader
	if err := dec.Decode(&h); err != nil {
		return org.Point{}, nil, err
	}
	if h.Phones < 1 {
		return org.Point{}, nil, errors.New("no phones")
	}
	phones := make([]*Phone, h.Phones)
	for i := range phones {
		var s phoneState
		if err := dec.Decode(&s); err != nil {
			return org.Point{}, nil, fmt.Errorf("phone %d of %d: %w", i+1, h.Phones, err)
		}
		ph, err := softphone.Restore(s.Phone)
		if err != nil {
			return org.Point{}, nil, fmt.Errorf("phone %d: %w", i+1, err)
		}
		phones[i] = &Phone{Soft: ph, Cookie: s.Cookie, Options: s.Options, In: s.In}
	}
	if dec.More() {
		return org.Point{}, nil, fmt.Errorf("more than the %d phones announced", h.Phones)
	}
	return h.Site, phones, nil
}
