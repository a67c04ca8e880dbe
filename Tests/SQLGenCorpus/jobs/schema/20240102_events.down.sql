DROP TABLE events;
CREATE TABLE should_not_exist (id int);
