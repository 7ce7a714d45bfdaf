-- WHERE keeps only rows whose condition is TRUE: UNKNOWN (a comparison with NULL) drops the row, as does NOT of UNKNOWN
CREATE TABLE people (
    id INT,
    name STRING,
    email STRING,
    city STRING,
    age INT,
    score DOUBLE,
    balance DECIMAL(10, 2),
    born DATE,
    joined TIMESTAMP(3),
    active BOOLEAN,
    profile STRING
) WITH (
    'connector' = 'filesystem',
    'path' = 'data/people.json',
    'format' = 'json'
);

SELECT id, age, city
FROM people
WHERE NOT (age > 30) OR city = 'Berlin';
