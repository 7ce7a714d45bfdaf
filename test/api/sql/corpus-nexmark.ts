/**
 * The Nexmark benchmark queries q0–q22 as Flink SQL scripts (sink DDL + INSERT), written for
 * these tests after the published benchmark's definitions, plus the source DDL and views.
 */
export const NEXMARK_SOURCE = `
CREATE TABLE datagen (
  event_type INT,
  person ROW<id BIGINT, name VARCHAR, emailAddress VARCHAR, creditCard VARCHAR, city VARCHAR,
             state VARCHAR, dateTime TIMESTAMP(3), extra VARCHAR>,
  auction ROW<id BIGINT, itemName VARCHAR, description VARCHAR, initialBid BIGINT, reserve BIGINT,
              dateTime TIMESTAMP(3), expires TIMESTAMP(3), seller BIGINT, category BIGINT, extra VARCHAR>,
  bid ROW<auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
          dateTime TIMESTAMP(3), extra VARCHAR>,
  dateTime AS CASE
    WHEN event_type = 0 THEN person.dateTime
    WHEN event_type = 1 THEN auction.dateTime
    ELSE bid.dateTime
  END,
  WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND
) WITH (
  'connector' = 'nexmark',
  'first-event.rate' = '10000000',
  'next-event.rate' = '10000000',
  'events.num' = '100000000'
);
CREATE VIEW person AS
SELECT person.id, person.name, person.emailAddress, person.creditCard, person.city, person.state, dateTime, person.extra
FROM datagen WHERE event_type = 0;
CREATE VIEW auction AS
SELECT auction.id, auction.itemName, auction.description, auction.initialBid, auction.reserve,
       dateTime, auction.expires, auction.seller, auction.category, auction.extra
FROM datagen WHERE event_type = 1;
CREATE VIEW bid AS
SELECT bid.auction, bid.bidder, bid.price, bid.channel, bid.url, dateTime, bid.extra
FROM datagen WHERE event_type = 2;
`;

const sink = (name: string, columns: string) => `CREATE TABLE ${name} (${columns}) WITH ('connector' = 'blackhole');`;

export const NEXMARK: Record<string, string> = {
  q0: `${sink('nexmark_q0', 'auction BIGINT, bidder BIGINT, price BIGINT, dateTime TIMESTAMP(3), extra VARCHAR')}
    INSERT INTO nexmark_q0 SELECT auction, bidder, price, dateTime, extra FROM bid;`,
  q1: `${sink('nexmark_q1', 'auction BIGINT, bidder BIGINT, price DECIMAL(23, 3), dateTime TIMESTAMP(3), extra VARCHAR')}
    INSERT INTO nexmark_q1
    SELECT auction, bidder, 0.908 * price AS price, dateTime, extra FROM bid;`,
  q2: `${sink('nexmark_q2', 'auction BIGINT, price BIGINT')}
    INSERT INTO nexmark_q2 SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0;`,
  q3: `${sink('nexmark_q3', 'name VARCHAR, city VARCHAR, state VARCHAR, id BIGINT')}
    INSERT INTO nexmark_q3
    SELECT P.name, P.city, P.state, A.id
    FROM auction AS A INNER JOIN person AS P ON A.seller = P.id
    WHERE A.category = 10 AND (P.state = 'OR' OR P.state = 'ID' OR P.state = 'CA');`,
  q4: `${sink('nexmark_q4', 'id BIGINT, final BIGINT')}
    INSERT INTO nexmark_q4
    SELECT Q.category, AVG(Q.final)
    FROM (
      SELECT MAX(B.price) AS final, A.category
      FROM auction A, bid B
      WHERE A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires
      GROUP BY A.id, A.category
    ) Q
    GROUP BY Q.category;`,
  q5: `${sink('nexmark_q5', 'auction BIGINT, num BIGINT')}
    INSERT INTO nexmark_q5
    SELECT AuctionBids.auction, AuctionBids.num
    FROM (
      SELECT auction, count(*) AS num, window_start AS starttime, window_end AS endtime
      FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND, INTERVAL '10' SECOND))
      GROUP BY auction, window_start, window_end
    ) AS AuctionBids
    JOIN (
      SELECT max(CountBids.num) AS maxn, CountBids.starttime, CountBids.endtime
      FROM (
        SELECT count(*) AS num, window_start AS starttime, window_end AS endtime
        FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND, INTERVAL '10' SECOND))
        GROUP BY auction, window_start, window_end
      ) AS CountBids
      GROUP BY CountBids.starttime, CountBids.endtime
    ) AS MaxBids
    ON AuctionBids.starttime = MaxBids.starttime
       AND AuctionBids.endtime = MaxBids.endtime
       AND AuctionBids.num >= MaxBids.maxn;`,
  q6: `${sink('nexmark_q6', 'seller VARCHAR, avg_price BIGINT')}
    INSERT INTO nexmark_q6
    SELECT Q.seller,
           AVG(Q.final) OVER (PARTITION BY Q.seller ORDER BY Q.dateTime ROWS BETWEEN 10 PRECEDING AND CURRENT ROW)
    FROM (
      SELECT MAX(B.price) AS final, A.seller, B.dateTime
      FROM auction AS A, bid AS B
      WHERE A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires
      GROUP BY A.id, A.seller
    ) AS Q;`,
  q7: `${sink('nexmark_q7', 'auction BIGINT, bidder BIGINT, price BIGINT, dateTime TIMESTAMP(3), extra VARCHAR')}
    INSERT INTO nexmark_q7
    SELECT B.auction, B.price, B.bidder, B.dateTime, B.extra
    FROM bid B
    JOIN (
      SELECT MAX(price) AS maxprice, window_end AS dateTime
      FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))
      GROUP BY window_start, window_end
    ) B1
    ON B.price = B1.maxprice
    WHERE B.dateTime BETWEEN B1.dateTime - INTERVAL '10' SECOND AND B1.dateTime;`,
  q8: `${sink('nexmark_q8', 'id BIGINT, name VARCHAR, stime TIMESTAMP(3)')}
    INSERT INTO nexmark_q8
    SELECT P.id, P.name, P.starttime
    FROM (
      SELECT id, name, window_start AS starttime, window_end AS endtime
      FROM TABLE(TUMBLE(TABLE person, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))
      GROUP BY id, name, window_start, window_end
    ) P
    JOIN (
      SELECT seller, window_start AS starttime, window_end AS endtime
      FROM TABLE(TUMBLE(TABLE auction, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))
      GROUP BY seller, window_start, window_end
    ) A
    ON P.id = A.seller AND P.starttime = A.starttime AND P.endtime = A.endtime;`,
  q9: `${sink('nexmark_q9', 'id BIGINT, itemName VARCHAR, seller BIGINT, auction BIGINT, price BIGINT, bid_dateTime TIMESTAMP(3)')}
    INSERT INTO nexmark_q9
    SELECT id, itemName, seller, auction, price, bid_dateTime
    FROM (
      SELECT A.*, B.auction, B.bidder, B.price, B.dateTime AS bid_dateTime, B.extra AS bid_extra,
             ROW_NUMBER() OVER (PARTITION BY A.id ORDER BY B.price DESC, B.dateTime ASC) AS rownum
      FROM auction A, bid B
      WHERE A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires
    )
    WHERE rownum <= 1;`,
  q10: `CREATE TABLE nexmark_q10 (
      auction BIGINT, bidder BIGINT, price BIGINT, dateTime TIMESTAMP(3), extra VARCHAR, dt STRING, hm STRING
    ) PARTITIONED BY (dt, hm) WITH (
      'connector' = 'filesystem',
      'path' = 'file:///tmp/nexmark/q10',
      'format' = 'csv',
      'sink.partition-commit.trigger' = 'partition-time',
      'partition.time-extractor.timestamp-pattern' = '$dt $hm:00'
    );
    INSERT INTO nexmark_q10
    SELECT auction, bidder, price, dateTime, extra,
           DATE_FORMAT(dateTime, 'yyyy-MM-dd'), DATE_FORMAT(dateTime, 'HH:mm')
    FROM bid;`,
  q11: `${sink('nexmark_q11', 'bidder BIGINT, bid_count BIGINT, starttime TIMESTAMP(3), endtime TIMESTAMP(3)')}
    INSERT INTO nexmark_q11
    SELECT B.bidder, count(*) AS bid_count,
           SESSION_START(B.dateTime, INTERVAL '10' SECOND) AS starttime,
           SESSION_END(B.dateTime, INTERVAL '10' SECOND) AS endtime
    FROM bid B
    GROUP BY B.bidder, SESSION(B.dateTime, INTERVAL '10' SECOND);`,
  q12: `${sink('nexmark_q12', 'bidder BIGINT, bid_count BIGINT, starttime TIMESTAMP(3), endtime TIMESTAMP(3)')}
    CREATE VIEW B AS SELECT *, PROCTIME() AS p_time FROM bid;
    INSERT INTO nexmark_q12
    SELECT bidder, count(*) AS bid_count, window_start AS starttime, window_end AS endtime
    FROM TABLE(TUMBLE(TABLE B, DESCRIPTOR(p_time), INTERVAL '10' SECOND))
    GROUP BY bidder, window_start, window_end;`,
  q13: `CREATE TABLE side_input (key BIGINT, \`value\` VARCHAR) WITH (
      'connector' = 'filesystem', 'path' = 'file:///tmp/side_input.txt', 'format' = 'csv'
    );
    ${sink('nexmark_q13', 'auction BIGINT, bidder BIGINT, price BIGINT, dateTime TIMESTAMP(3), `value` VARCHAR')}
    INSERT INTO nexmark_q13
    SELECT B.auction, B.bidder, B.price, B.dateTime, S.\`value\`
    FROM (SELECT *, PROCTIME() AS p_time FROM bid) B
    JOIN side_input FOR SYSTEM_TIME AS OF B.p_time AS S
    ON mod(B.auction, 10000) = S.key;`,
  q14: `CREATE FUNCTION count_char AS 'com.github.nexmark.flink.udf.CountChar';
    ${sink('nexmark_q14', 'auction BIGINT, bidder BIGINT, price DECIMAL(23, 3), bidTimeType VARCHAR, dateTime TIMESTAMP(3), extra VARCHAR, c_counts BIGINT')}
    INSERT INTO nexmark_q14
    SELECT auction, bidder, 0.908 * price AS price,
      CASE
        WHEN HOUR(dateTime) >= 8 AND HOUR(dateTime) <= 18 THEN 'dayTime'
        WHEN HOUR(dateTime) <= 6 OR HOUR(dateTime) >= 20 THEN 'nightTime'
        ELSE 'otherTime'
      END AS bidTimeType,
      dateTime, extra, count_char(extra, 'c') AS c_counts
    FROM bid
    WHERE 0.908 * price > 1000000 AND 0.908 * price < 50000000;`,
  q15: `${sink('nexmark_q15', '`day` VARCHAR, total_bids BIGINT, rank1_bids BIGINT, total_bidders BIGINT, rank1_bidders BIGINT, total_auctions BIGINT')}
    INSERT INTO nexmark_q15
    SELECT DATE_FORMAT(dateTime, 'yyyy-MM-dd') AS \`day\`,
           count(*) AS total_bids,
           count(*) FILTER (WHERE price < 10000) AS rank1_bids,
           count(*) FILTER (WHERE price >= 10000 AND price < 1000000) AS rank2_bids,
           count(*) FILTER (WHERE price >= 1000000) AS rank3_bids,
           count(DISTINCT bidder) AS total_bidders,
           count(DISTINCT bidder) FILTER (WHERE price < 10000) AS rank1_bidders,
           count(DISTINCT auction) AS total_auctions,
           count(DISTINCT auction) FILTER (WHERE price >= 1000000) AS rank3_auctions
    FROM bid
    GROUP BY DATE_FORMAT(dateTime, 'yyyy-MM-dd');`,
  q16: `${sink('nexmark_q16', 'channel VARCHAR, `day` VARCHAR, `minute` VARCHAR, total_bids BIGINT, rank1_bids BIGINT, total_bidders BIGINT')}
    INSERT INTO nexmark_q16
    SELECT channel, DATE_FORMAT(dateTime, 'yyyy-MM-dd') AS \`day\`, max(DATE_FORMAT(dateTime, 'HH:mm')) AS \`minute\`,
           count(*) AS total_bids,
           count(*) FILTER (WHERE price < 10000) AS rank1_bids,
           count(DISTINCT bidder) AS total_bidders
    FROM bid
    GROUP BY channel, DATE_FORMAT(dateTime, 'yyyy-MM-dd');`,
  q17: `${sink('nexmark_q17', 'auction BIGINT, `day` VARCHAR, total_bids BIGINT, min_price BIGINT, max_price BIGINT, avg_price BIGINT, sum_price BIGINT')}
    INSERT INTO nexmark_q17
    SELECT auction, DATE_FORMAT(dateTime, 'yyyy-MM-dd') AS \`day\`, count(*) AS total_bids,
           count(*) FILTER (WHERE price < 10000) AS rank1_bids,
           min(price) AS min_price, max(price) AS max_price, avg(price) AS avg_price, sum(price) AS sum_price
    FROM bid
    GROUP BY auction, DATE_FORMAT(dateTime, 'yyyy-MM-dd');`,
  q18: `${sink('nexmark_q18', 'auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, dateTime TIMESTAMP(3), extra VARCHAR')}
    INSERT INTO nexmark_q18
    SELECT auction, bidder, price, channel, url, dateTime, extra
    FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY bidder, auction ORDER BY dateTime DESC) AS rank_number FROM bid)
    WHERE rank_number <= 1;`,
  q19: `${sink('nexmark_q19', 'auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, dateTime TIMESTAMP(3), extra VARCHAR, rank_number BIGINT')}
    INSERT INTO nexmark_q19
    SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) AS rank_number FROM bid)
    WHERE rank_number <= 10;`,
  q20: `${sink('nexmark_q20', 'auction BIGINT, bidder BIGINT, price BIGINT, itemName VARCHAR, category BIGINT')}
    INSERT INTO nexmark_q20
    SELECT auction, bidder, price, itemName, category
    FROM bid AS B INNER JOIN auction AS A ON B.auction = A.id
    WHERE A.category = 10;`,
  q21: `${sink('nexmark_q21', 'auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, channel_id VARCHAR')}
    INSERT INTO nexmark_q21
    SELECT auction, bidder, price, channel,
      CASE
        WHEN lower(channel) = 'apple' THEN '0'
        WHEN lower(channel) = 'google' THEN '1'
        WHEN lower(channel) = 'facebook' THEN '2'
        WHEN lower(channel) = 'baidu' THEN '3'
        ELSE REGEXP_EXTRACT(url, '(&|^)channel_id=([^&]*)', 2)
      END AS channel_id
    FROM bid
    WHERE REGEXP_EXTRACT(url, '(&|^)channel_id=([^&]*)', 2) IS NOT NULL
       OR lower(channel) IN ('apple', 'google', 'facebook', 'baidu');`,
  q22: `${sink('nexmark_q22', 'auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, dir1 VARCHAR, dir2 VARCHAR, dir3 VARCHAR')}
    INSERT INTO nexmark_q22
    SELECT auction, bidder, price, channel,
           SPLIT_INDEX(url, '/', 3) AS dir1, SPLIT_INDEX(url, '/', 4) AS dir2, SPLIT_INDEX(url, '/', 5) AS dir3
    FROM bid;`,
};
