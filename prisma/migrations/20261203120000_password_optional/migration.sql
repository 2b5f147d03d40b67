-- A user may have no password: invited and not yet redeemed, or signing in only through single sign-on.
ALTER TABLE "User" ALTER COLUMN "passwordHash" DROP NOT NULL;
