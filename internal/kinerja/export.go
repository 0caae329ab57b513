package kinerja

import (
	"encoding/csv"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// ExportColumns are the export's columns in order, as catalogue keys
// ("kinerja.export.<col>"): BKN's structure (RHK, indikator, target,
// realisasi, bukti dukung, umpan balik, rating, predikat) with who and the
// minutes beside it, and the copy-ready text last.
var ExportColumns = []string{"nip", "name", "kind", "rhk", "indicator", "target", "unit", "realisation", "entries", "minutes",
	"evidence", "feedback", "rating", "predikat", "copy"}

// cells is one row's values in ExportColumns order; numbers stay numbers.
func cells(r RealisationRow) []any {
	return []any{r.NIP, r.Name, r.Kind, r.RHK, r.Indicator, r.TargetQty, r.TargetUnit, r.Volume, r.Entries, r.Minutes,
		strings.Join(r.Evidence, "\n"), r.Feedback, string(r.Rating), string(r.Predikat), r.Text}
}

// WriteCSV writes the rows under the headers (one per ExportColumns).
func WriteCSV(w io.Writer, headers []string, rows []RealisationRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(headers); err != nil {
		return err
	}
	for _, r := range rows {
		rec := make([]string, 0, len(ExportColumns))
		for _, c := range cells(r) {
			switch v := c.(type) {
			case string:
				rec = append(rec, v)
			case float64:
				rec = append(rec, trimFloat(v))
			case int:
				rec = append(rec, trimFloat(float64(v)))
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteXLSX writes the rows as one sheet named sheet, headers bold and
// frozen, numbers as numbers.
func WriteXLSX(w io.Writer, sheet string, headers []string, rows []RealisationRow) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	head := make([]any, len(headers))
	for i, h := range headers {
		head[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, cells(r)); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}
