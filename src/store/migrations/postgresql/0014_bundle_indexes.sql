-- A person's page (and the lookup by BSN) reads the other household members
-- in birth order and the enrolments by start date. These indexes hand both
-- over in that order, so neither query sorts: members by (household_id,
-- birth_date, id); enrolments covered entirely by
-- (person_id, from_date, org_id, to_date). They replace the single-column
-- indexes, which were their prefixes.
DROP INDEX IF EXISTS persons_household_id;
CREATE INDEX persons_household_birth ON persons (household_id, birth_date, id);
DROP INDEX IF EXISTS enrolments_person_id;
CREATE INDEX enrolments_person_from ON enrolments (person_id, from_date, org_id, to_date);
