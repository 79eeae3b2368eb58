"""The demo data, as plain definitions drawn from the seeds (shared/seeds/000–004).

`mnt` holds the Fonds MNT and its six calls, `ditp` the DITP's appel à défis, `accounts`
one account per role. Real bodies and projects come from the seeds; anything invented is
marked "(exemple fictif)" in its title, "Exemple fictif" in its text, or "(nom fictif)"
after a person's name.
"""
