-- What a gateway that ends the desktop's TLS needs to speak to the host itself: the host
-- certificate's pin and the session's one-time desktop password, sealed under a key derived from
-- the ticket (never stored). The row lives at most 60 s and is deleted when the ticket is redeemed
-- (TunnelTickets).
ALTER TABLE tunnel_tickets ADD COLUMN pin VARCHAR(128);
ALTER TABLE tunnel_tickets ADD COLUMN desktop_password VARCHAR(256);
