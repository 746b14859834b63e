-- The class teacher's summary reads a class's cells and final marks of one period, all subjects.
CREATE INDEX journal_cells_class_period ON journal_cells(class_id, period_id);
CREATE INDEX final_marks_class_period ON final_marks(class_id, period_id);
