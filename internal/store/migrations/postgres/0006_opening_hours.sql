-- A municipality's opening hours ('08:00'–'15:30'), the unit of deadlines
-- in working hours. Empty means torg's default.
ALTER TABLE municipalities ADD COLUMN opens TEXT NOT NULL DEFAULT '';
ALTER TABLE municipalities ADD COLUMN closes TEXT NOT NULL DEFAULT '';
