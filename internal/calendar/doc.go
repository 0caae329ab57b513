// Package calendar ships the Indonesian national holidays (hari libur
// nasional) and cuti bersama for the years the app supports, plus the
// government-determined Ramadan ranges, as embedded seed data.
//
// This is only seed data for a new regency. BKD admins maintain the
// regency's own working-day calendar in the app, for example regional
// holidays or a later government change. Nothing here should be read at
// run time as the source of truth once a regency has been set up.
//
// Sources:
//
//   - 2025 national holidays and cuti bersama: SKB Menteri Agama, Menteri
//     Ketenagakerjaan and MenPANRB No. 1017 Tahun 2024, No. 2 Tahun 2024,
//     No. 2 Tahun 2024 (14 Oct 2024), based on Keppres No. 8 Tahun 2024 on
//     hari-hari libur. 17 national holidays and 10 cuti bersama.
//   - 2025 amendment: SKB No. 933 Tahun 2025, No. 1 Tahun 2025, No. 3 Tahun
//     2025 (7 Aug 2025) adds Monday 18 Aug 2025 as cuti bersama (HUT ke-80
//     RI). The national list is unchanged, so 2025 has 11 cuti bersama.
//   - 2025 ASN cuti bersama: Keppres No. 2 Tahun 2025 (16 Jan 2025), the
//     same 10 dates as the original SKB. It does not reduce cuti tahunan.
//     We found no amendment to this Keppres for 18 Aug 2025.
//   - 2026 national holidays and cuti bersama: SKB No. 1497 Tahun 2025,
//     No. 2 Tahun 2025, No. 5 Tahun 2025 (19 Sep 2025). 17 national holidays
//     and 8 cuti bersama.
//   - 2026 ASN cuti bersama: Keppres No. 42 Tahun 2025 (31 Dec 2025), the
//     same 8 dates as the SKB.
//   - Ramadan, Idul Fitri and Idul Adha follow the Minister of Religious
//     Affairs' decisions after the sidang isbat: 1 Ramadan 1446 H = 1 Mar
//     2025 and 1 Syawal 1446 H = 31 Mar 2025; 10 Zulhijah 1446 H = 6 Jun
//     2025; 1 Ramadan 1447 H = 19 Feb 2026 and 1 Syawal 1447 H = 21 Mar 2026.
//     The 2026 Idul Adha date (27 May) is the SKB date. We have seen no
//     sidang isbat result for it yet.
//
// Weekend holidays are kept (for example Nyepi on Saturday 29 Mar 2025). No
// substitute weekday is given for them. Every date appears at most once per
// year. If two holidays ever fall on the same date, the data file must hold
// one entry with the names joined by " / ", because the rules engine
// rejects duplicate dates.
package calendar
