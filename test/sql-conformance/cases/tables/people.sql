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
